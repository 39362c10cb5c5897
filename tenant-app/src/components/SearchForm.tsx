import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { MAX_QUERY_LENGTH } from '../lib/params.ts'
import styles from './SearchForm.module.css'

/** The catalog search: a plain GET form to `/?q=`, so it works without JavaScript. */
export async function SearchForm({ query }: { query: string }) {
  const t = await getTranslations('Catalog')
  return (
    <search className={styles.search}>
      <form action="/" method="get" className={styles.form}>
        <label htmlFor="catalog-search" className={styles.label}>
          {t('searchLabel')}
        </label>
        <div className={styles.row}>
          <input
            id="catalog-search"
            className={styles.input}
            type="search"
            name="q"
            defaultValue={query}
            maxLength={MAX_QUERY_LENGTH}
            autoComplete="off"
            enterKeyHint="search"
          />
          <button type="submit" className="button">
            {t('searchButton')}
          </button>
        </div>
        {query && (
          <Link href="/" className={styles.clear}>
            {t('clearSearch')}
          </Link>
        )}
      </form>
    </search>
  )
}
