import { createMailer, invitation, type Mailer, sendTemplate } from '@lyceum/mail'
import { getEnv } from '../env.ts'
import type { School } from './cms.ts'

/**
 * The instance's mailer: one pooled SMTP transport per process, to `LYCEUM_SMTP_URL` (the
 * provisioner passes the platform's). Without it, {@link getMailer} is null and the pages that
 * send mail say so instead of pretending.
 */

let mailer: Mailer | null | undefined

/** The mailer, or null when `LYCEUM_SMTP_URL` is unset. */
export function getMailer(): Mailer | null {
  if (mailer === undefined) {
    const env = getEnv()
    mailer = env.LYCEUM_SMTP_URL
      ? createMailer({ smtpUrl: env.LYCEUM_SMTP_URL, from: env.LYCEUM_MAIL_FROM })
      : null
  }
  return mailer
}

/** The absolute URL of a path on this school's public address. */
export function publicUrl(path: string): string {
  return `${getEnv().LYCEUM_PUBLIC_URL}${path}`
}

/**
 * Mails the invitation link `<public URL>/invitations/<token>` in the school's language.
 * @throws MailError when the SMTP server refuses or is unreachable.
 */
export async function sendInvitationMail(
  mail: Mailer,
  school: School,
  to: string,
  token: string,
  inviterName: string,
): Promise<void> {
  await sendTemplate(
    mail,
    to,
    invitation({
      locale: school.locale,
      schoolName: school.name,
      acceptUrl: publicUrl(`/invitations/${token}`),
      role: 'learner',
      ...(inviterName.trim() ? { inviterName: inviterName.trim() } : {}),
      expiresInDays: 7,
    }),
  )
}
