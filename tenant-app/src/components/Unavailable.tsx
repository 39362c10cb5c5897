import Link from 'next/link'
import { getTranslations } from 'next-intl/server'

/**
 * The localized "temporarily unavailable" view, rendered on the server (it needs no JavaScript)
 * by the pages when the cms or the tenant key fails while they load; src/proxy.ts has set the
 * 503 when it saw the failure first.
 */
export async function Unavailable() {
  const t = await getTranslations('Error')
  return (
    <div className="notice">
      <p className="notice-code">503</p>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <div className="notice-actions">
        <Link className="button" href="/" prefetch={false}>
          {t('home')}
        </Link>
      </div>
    </div>
  )
}
