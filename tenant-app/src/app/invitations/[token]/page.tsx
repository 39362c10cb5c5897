import type { Metadata } from 'next'
import { NextIntlClientProvider } from 'next-intl'
import { getMessages, getTranslations } from 'next-intl/server'
import {
  AcceptAsMemberForm,
  AcceptExistingAccountForm,
  AcceptNewAccountForm,
} from '../../../components/forms/AcceptForms.tsx'
import { Unavailable } from '../../../components/Unavailable.tsx'
import { attempt, getTenant } from '../../../lib/cms.ts'
import { findOpenInvitation } from '../../../lib/members.ts'
import { getMember } from '../../../lib/session.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Invitation')
  return { title: t('title'), robots: { index: false }, referrer: 'no-referrer' }
}

/**
 * `/invitations/<token>`: the school and the role, and the ways to accept (decision 060). An
 * unknown, expired or used token (or another school's) gets one "no longer valid" page, with
 * status 404 (set by src/proxy.ts).
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const result = await attempt(async () => {
    const school = await getTenant()
    return { school, invitation: await findOpenInvitation(school, token), member: await getMember() }
  })
  if (!result.ok) return <Unavailable />
  const { school, invitation, member } = result.value
  const t = await getTranslations('Invitation')
  const { Invitation: invitationMessages, Auth: authMessages } = await getMessages()
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>{t('invalidTitle')}</h1>
        <p>{t('invalidBody', { school: school.name })}</p>
      </div>
    )
  }
  return (
    <div className="narrow">
      <h1>{t('heading', { school: school.name })}</h1>
      <p>{t(`intro.${invitation.role}`, { school: school.name, email: invitation.email })}</p>
      <NextIntlClientProvider messages={{ Invitation: invitationMessages, Auth: authMessages }}>
        {member ? (
          member.email === invitation.email ? (
            <AcceptAsMemberForm token={token} />
          ) : (
            <p role="note">{t('otherAccount', { email: member.email, invited: invitation.email })}</p>
          )
        ) : (
          <>
            <h2>{t('createTitle')}</h2>
            <AcceptNewAccountForm token={token} email={invitation.email} />
            <h2>{t('existingTitle')}</h2>
            <p>{t('existingIntro')}</p>
            <AcceptExistingAccountForm token={token} email={invitation.email} />
          </>
        )}
      </NextIntlClientProvider>
    </div>
  )
}
