import Link from 'next/link'
import { getTranslations } from 'next-intl/server'

/**
 * The school's "page not found" content, in its language: rendered by not-found.tsx for unknown
 * URLs and by the course page for a course the tenant key cannot see (src/proxy.ts sets the 404).
 */
export async function NotFoundView() {
  const t = await getTranslations('NotFound')
  return (
    <div className="notice">
      <p className="notice-code">404</p>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <div className="notice-actions">
        <Link className="button" href="/">
          {t('back')}
        </Link>
      </div>
    </div>
  )
}
