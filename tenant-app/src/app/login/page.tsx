import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { LoginForm } from '../../components/forms/LoginForm.tsx'
import { Unavailable } from '../../components/Unavailable.tsx'
import { attempt, getTenant } from '../../lib/cms.ts'
import type { SearchParams } from '../../lib/params.ts'
import { getMember, safeNextPath } from '../../lib/session.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Auth')
  return { title: t('loginTitle'), robots: { index: false } }
}

/** `/login?next=<path>`: sign-in on the school's own host; a signed-in member goes on to `next`. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined)
  const result = await attempt(async () => ({ school: await getTenant(), member: await getMember() }))
  if (!result.ok) return <Unavailable />
  if (result.value.member) redirect(next)
  const t = await getTranslations('Auth')
  return (
    <div className="narrow">
      <h1>{t('loginTitle')}</h1>
      <p>{t('loginIntro', { school: result.value.school.name })}</p>
      {params.reset === '1' && (
        <p role="status" className="form-success">
          {t('resetDone')}
        </p>
      )}
      <LoginForm next={next} />
      <p>
        <Link href="/forgot-password">{t('forgotLink')}</Link>
      </p>
      {result.value.school.allowSelfSignup && (
        <p>
          <Link href="/signup">{t('noAccount')}</Link>
        </p>
      )}
    </div>
  )
}
