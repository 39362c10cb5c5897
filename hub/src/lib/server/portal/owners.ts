/**
 * Co-owners: an owner invites someone by email to own the school with them. It reuses the cms
 * `invitations` collection with role `admin` (decision 091): the hub creates the row with the
 * platform key (only the SHA-256 of the one-time token is stored, expiry 7 days, set by the cms),
 * mails a hub link, and on acceptance marks it accepted by the signed-in account — the cms then
 * checks that the account is the invited email's and gives it the admin membership
 * (`grantInvitedRole`). New people sign up through the normal verified signup first.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { CmsClient, Invitation, Tenant } from '@lyceum/cms-client'
import type { Locale } from '@lyceum/domain'
import { type Mailer, MESSAGES, renderEmail } from '@lyceum/mail'
import { z } from 'zod'
import { m } from '../../paraglide/messages.js'
import { audit, type Owner } from './account.ts'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export const inviteSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254) })

/** The school's owners (accounts with an admin membership), by email. @throws CmsError. */
export async function schoolOwners(cms: CmsClient, tenantId: string): Promise<string[]> {
  const { docs } = await cms.find('users', {
    where: { 'memberships.tenant': { equals: tenantId } },
    limit: 100,
    depth: 0,
  })
  return docs
    .filter((user) =>
      (user.memberships ?? []).some(
        (m) => (typeof m.tenant === 'string' ? m.tenant : m.tenant?.id) === tenantId && m.role === 'admin',
      ),
    )
    .map((user) => user.email)
    .sort()
}

/**
 * Invites `email` to co-own `school`: the invitation row, the mail with the link, and the audit
 * entry `account.owner_invited`. Returns false when `email` already owns the school.
 * @throws CmsError (a 409 when the school's seats are full, from the cms), MailError.
 */
export async function inviteCoOwner(
  deps: { cms: CmsClient; mailer: Mailer | null; hubPublicUrl: string },
  owner: Owner,
  school: Tenant,
  email: string,
  locale: Locale,
): Promise<boolean> {
  if ((await schoolOwners(deps.cms, school.id)).includes(email)) return false
  const token = randomBytes(32).toString('base64url')
  const invitation = await deps.cms.create('invitations', {
    tenant: school.id,
    email,
    role: 'admin',
    tokenHash: hashToken(token),
  })
  const url = `${deps.hubPublicUrl.replace(/\/+$/, '')}/account/invitations/${token}`
  if (deps.mailer) {
    const messages = MESSAGES[locale]
    const options = { locale }
    const mail = renderEmail(
      {
        lang: messages.intlLocale,
        subject: m.owner_mail_subject({ school: school.name }, options),
        preheader: m.owner_mail_preheader({ inviter: owner.email }, options),
        heading: m.owner_mail_heading({ school: school.name }, options),
        blocks: [
          {
            type: 'paragraph',
            text: m.owner_mail_intro({ inviter: owner.email, school: school.name }, options),
          },
          { type: 'button', label: m.owner_mail_button({}, options), url },
          { type: 'note', text: m.owner_mail_note({ email }, options) },
        ],
      },
      {
        productName: 'Lyceum',
        greeting: messages.common.greeting,
        signOff: messages.common.signOff('Lyceum'),
        footer: messages.common.footer('Lyceum'),
        linkFallback: messages.common.linkFallback,
      },
    )
    await deps.mailer.send({ to: email, ...mail })
  }
  await audit(deps.cms, owner, school.id, 'account.owner_invited', `invitations:${invitation.id}`, { email })
  return true
}

/** An open (not accepted, not expired) co-owner invitation by its token, with its school; else null. */
export async function openOwnerInvitation(
  cms: CmsClient,
  token: string,
): Promise<{ invitation: Invitation; school: Tenant } | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null
  const { docs } = await cms.find('invitations', {
    where: { tokenHash: { equals: hashToken(token) } },
    limit: 1,
    depth: 0,
  })
  const invitation = docs[0]
  if (invitation?.role !== 'admin' || invitation.acceptedAt) return null
  if (!invitation.expiresAt || Date.parse(invitation.expiresAt) <= Date.now()) return null
  const tenantId = typeof invitation.tenant === 'string' ? invitation.tenant : invitation.tenant?.id
  const school = tenantId ? await cms.findByID('tenants', tenantId, { depth: 0 }) : null
  return school ? { invitation, school } : null
}

/**
 * Accepts for `account` (which must be the invited email's: the cms checks it too), audit-logs
 * `account.owner_joined`.
 * @throws CmsError.
 */
export async function acceptOwnerInvitation(
  cms: CmsClient,
  account: Owner,
  open: { invitation: Invitation; school: Tenant },
): Promise<void> {
  await cms.update('invitations', open.invitation.id, {
    acceptedAt: new Date().toISOString(),
    acceptedBy: account.id,
  })
  await audit(cms, account, open.school.id, 'account.owner_joined', `invitations:${open.invitation.id}`, {
    email: account.email,
  })
}
