import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { ForgotForm } from '../../components/forms/ForgotForm.tsx'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Auth')
  return { title: t('forgotTitle'), robots: { index: false } }
}

/** `/forgot-password`: asks the cms to mail a reset link (the same answer for any email). */
export default async function ForgotPasswordPage() {
  const t = await getTranslations('Auth')
  return (
    <div className="narrow">
      <h1>{t('forgotTitle')}</h1>
      <p>{t('forgotIntro')}</p>
      <ForgotForm />
      <p>
        <Link href="/login">{t('backToLogin')}</Link>
      </p>
    </div>
  )
}
