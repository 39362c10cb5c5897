import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { ResetForm } from '../../components/forms/ResetForm.tsx'
import type { SearchParams } from '../../lib/params.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Auth')
  return { title: t('resetTitle'), robots: { index: false }, referrer: 'no-referrer' }
}

/** `/reset-password?token=…`: the page the reset email links to. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { token } = await searchParams
  const t = await getTranslations('Auth')
  const value = typeof token === 'string' ? token.trim() : ''
  return (
    <div className="narrow">
      <h1>{t('resetTitle')}</h1>
      {value && value.length <= 200 ? (
        <ResetForm token={value} />
      ) : (
        <div role="alert" className="form-error">
          <p>{t('tokenInvalid')}</p>
          <Link href="/forgot-password">{t('askAgain')}</Link>
        </div>
      )}
    </div>
  )
}
