import type { Metadata } from 'next'
import Link from 'next/link'
import { getLocale, getTranslations } from 'next-intl/server'
import { CourseCard } from '../components/CourseCard.tsx'
import { SearchForm } from '../components/SearchForm.tsx'
import { Unavailable } from '../components/Unavailable.tsx'
import { type CatalogPage, loadCatalog } from '../lib/catalog.ts'
import { attempt, getSchoolBrand, getTenant } from '../lib/cms.ts'
import { type CatalogParams, catalogHref, parseCatalogParams, type SearchParams } from '../lib/params.ts'
import styles from './page.module.css'

type Props = { searchParams: Promise<SearchParams> }

/** "Search: …" while searching; otherwise the layout's default, the school's name. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { query } = parseCatalogParams(await searchParams)
  if (!query) return {}
  const [t, { name }] = await Promise.all([getTranslations('Catalog'), getSchoolBrand()])
  const title = t('searchTitle', { query })
  // The layout's title template applies to nested segments only, not to this page beside it.
  return { title: { absolute: name ? `${title} · ${name}` : title }, robots: { index: false, follow: true } }
}

/** `/`: the school's published courses, searchable by title (`?q=`), 24 per page (`?page=`). */
export default async function CatalogRoute({ searchParams }: Props) {
  const params = parseCatalogParams(await searchParams)
  const result = await attempt(async () => {
    const school = await getTenant()
    return { school, catalog: await loadCatalog(school, params) }
  })
  if (!result.ok) return <Unavailable />
  const { school, catalog } = result.value
  const t = await getTranslations('Catalog')
  const locale = await getLocale()
  return (
    <>
      <div className={styles.intro}>
        <h1>{t('title')}</h1>
        <p className={styles.lead}>{t('intro', { school: school.name })}</p>
        <SearchForm query={params.query} />
      </div>
      {params.query && catalog.totalDocs > 0 && (
        <p className={styles.resultsFor}>
          {t('resultsFor', { count: catalog.totalDocs, query: params.query })}
        </p>
      )}
      {catalog.courses.length === 0 ? (
        <p className={styles.empty}>{params.query ? t('noResults', { query: params.query }) : t('empty')}</p>
      ) : (
        <ul className={styles.grid}>
          {catalog.courses.map((course) => (
            <li key={course.id}>
              <CourseCard course={course} locale={locale} />
            </li>
          ))}
        </ul>
      )}
      <Pagination params={params} catalog={catalog} />
    </>
  )
}

async function Pagination({ params, catalog }: { params: CatalogParams; catalog: CatalogPage }) {
  if (catalog.totalPages <= 1) return null
  const t = await getTranslations('Catalog')
  const { page, totalPages } = catalog
  return (
    <nav className={styles.pagination} aria-label={t('pagination')}>
      {page > 1 && (
        <Link href={catalogHref({ ...params, page: page - 1 })} rel="prev">
          {t('previous')}
        </Link>
      )}
      <span aria-current="page">{t('pageOf', { page, total: totalPages })}</span>
      {page < totalPages && (
        <Link href={catalogHref({ ...params, page: page + 1 })} rel="next">
          {t('next')}
        </Link>
      )}
    </nav>
  )
}
