import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { NotFoundView } from '../components/NotFoundView.tsx'

/** The 404 page's title, in the school's language. */
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('NotFound')
  return { title: t('title') }
}

/** The school's branded 404 for URLs no route matches. */
export default function NotFound() {
  return <NotFoundView />
}
