import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound, redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { SignupForm } from '../../components/forms/SignupForm.tsx'
import { NotFoundView } from '../../components/NotFoundView.tsx'
import { Unavailable } from '../../components/Unavailable.tsx'
import { attempt, getTenant } from '../../lib/cms.ts'
import { getMember } from '../../lib/session.ts'
import { NOT_FOUND_HEADER } from '../../lib/signals.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Auth')
  return { title: t('signupTitle'), robots: { index: false } }
}

/** `/signup`: create a learner account, only when the school allows self-signup (else its 404). */
export default async function SignupPage() {
  const result = await attempt(async () => ({ school: await getTenant(), member: await getMember() }))
  if (!result.ok) return <Unavailable />
  const { school, member } = result.value
  if (!school.allowSelfSignup) {
    // src/proxy.ts answered 404 (its view renders here); otherwise notFound() sets the status.
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  if (member) redirect('/my-learning')
  const t = await getTranslations('Auth')
  return (
    <div className="narrow">
      <h1>{t('signupTitle')}</h1>
      <p>{t('signupIntro', { school: school.name })}</p>
      <SignupForm />
      <p>
        <Link href="/login">{t('haveAccount')}</Link>
      </p>
    </div>
  )
}
