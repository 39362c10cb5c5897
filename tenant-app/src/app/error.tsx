'use client'

import { useTranslations } from 'next-intl'

/**
 * Last resort for an unexpected error while a page renders in the browser (client navigation).
 * The cms's failures do not come here: pages render the server-side "unavailable" view for
 * them, and src/proxy.ts answers 503 before rendering when it can.
 */
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations('Error')
  return (
    <div className="notice" role="alert">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <div className="notice-actions">
        <button type="button" className="button" onClick={() => retry()}>
          {t('retry')}
        </button>
        <a className="button button-secondary" href="/">
          {t('home')}
        </a>
      </div>
    </div>
  )
}
