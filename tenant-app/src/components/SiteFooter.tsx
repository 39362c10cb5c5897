import { getTranslations } from 'next-intl/server'
import styles from './SiteFooter.module.css'

/** The footer every school's site shares. */
export async function SiteFooter() {
  const t = await getTranslations('Layout')
  return (
    <footer className={styles.footer}>
      <div className={styles.inner}>
        <p>{t('poweredBy')}</p>
      </div>
    </footer>
  )
}
