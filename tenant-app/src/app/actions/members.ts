'use server'

import { isCmsError } from '@lyceum/cms-client'
import type { MemberRole } from '@lyceum/domain'
import { MailError } from '@lyceum/mail'
import { revalidatePath } from 'next/cache'
import { notFound, redirect } from 'next/navigation'
import { z } from 'zod'
import { getTenant, isCmsOutage, type School } from '../../lib/cms.ts'
import { getMailer, sendInvitationMail } from '../../lib/mail.ts'
import {
  changeMembership,
  createInvitation,
  hasFreeSeat,
  hashToken,
  listMembers,
  parseRole,
  usageOf,
} from '../../lib/members.ts'
import { getMember, type Member, memberCms } from '../../lib/session.ts'

/**
 * The school admin's actions on `/admin/members` (decision 060): invite, change a role, remove.
 * Anyone who is not an admin of THIS school gets the school's 404, as for the page.
 */

/** What the invite form shows after a submission. */
export type InviteState = {
  error?: 'full' | 'member' | 'mail-off' | 'mail-failed' | 'unavailable' | null
  fields?: { email?: 'required' | 'invalid'; role?: 'role' }
  email?: string
  /** The role chosen (kept after a failed submission). */
  role?: MemberRole
  /** The address the invitation went to. */
  sent?: string
}

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email())

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** The signed-in admin of this school, or the school's 404. */
async function requireAdmin(): Promise<{ admin: Member; school: School }> {
  const [school, member] = await Promise.all([getTenant(), getMember()])
  if (member?.role !== 'admin') notFound()
  return { admin: member, school }
}

/**
 * `POST` the invite form (email, role: admin | instructor | learner): checks the seat (members + open invitations < seats) and that SMTP is
 * configured BEFORE storing anything, creates the invitation (the cms: admins of this school
 * only), mails the link; a failed send revokes the invitation again, so nothing half-done stays.
 */
export async function inviteMember(_prev: InviteState, form: FormData): Promise<InviteState> {
  const { admin, school } = await requireAdmin()
  const rawEmail = text(form, 'email').slice(0, 254)
  const email = emailSchema.safeParse(rawEmail)
  // No role sent (an older form): learner, as before roles existed.
  const role = form.has('role') ? parseRole(text(form, 'role')) : 'learner'
  const fields: InviteState['fields'] = {}
  if (!email.success) fields.email = rawEmail.trim() ? 'invalid' : 'required'
  if (!role) fields.role = 'role'
  if (!email.success || !role) return { fields, email: rawEmail, ...(role ? { role } : {}) }
  const kept = { email: rawEmail, role }
  const mail = getMailer()
  if (!mail) return { error: 'mail-off', ...kept }
  try {
    const [usage, members] = await Promise.all([usageOf(admin, school), listMembers(admin, school)])
    if (members.some((m) => m.email === email.data)) return { error: 'member', ...kept }
    if (!hasFreeSeat(usage)) return { error: 'full', ...kept }
    let token: string
    try {
      token = await createInvitation(admin, school, email.data, role)
    } catch (error) {
      // The cms holds the seats too (409): another admin filled the last one meanwhile.
      if (isCmsError(error) && error.code === 'conflict') return { error: 'full', ...kept }
      throw error
    }
    try {
      await sendInvitationMail(mail, school, email.data, token, admin.name || admin.email)
    } catch (error) {
      if (!(error instanceof MailError)) throw error
      console.error(`tenant-app: the invitation mail to ${email.data} failed: ${error.message}`)
      await revokeByToken(admin, school, token)
      return { error: 'mail-failed', ...kept }
    }
  } catch (error) {
    if (isCmsOutage(error) || (isCmsError(error) && error.code === 'forbidden')) {
      return { error: 'unavailable', ...kept }
    }
    throw error
  }
  revalidatePath('/admin/members')
  return { sent: email.data }
}

async function revokeByToken(admin: Member, school: School, token: string): Promise<void> {
  await memberCms(admin)
    .deleteWhere('invitations', {
      and: [{ tenant: { equals: school.id } }, { tokenHash: { equals: hashToken(token) } }],
    })
    .catch((error: unknown) => console.error('tenant-app: could not revoke the invitation', error))
}

/** `POST` a role change: `user` (id) and `role`; the answer is in the page's `?done=`/`?error=`. */
export async function changeRole(form: FormData): Promise<void> {
  const { admin, school } = await requireAdmin()
  const role = parseRole(text(form, 'role'))
  if (!role) redirect('/admin/members?error=role')
  const result = await changeMembership(admin, school, text(form, 'user').slice(0, 64), role)
  revalidatePath('/admin/members')
  redirect(result.ok ? '/admin/members?done=role' : `/admin/members?error=${result.reason}`)
}

/** `POST` removing a member from the school (their account stays, with other schools). */
export async function removeMember(form: FormData): Promise<void> {
  const { admin, school } = await requireAdmin()
  const result = await changeMembership(admin, school, text(form, 'user').slice(0, 64), null)
  revalidatePath('/admin/members')
  redirect(result.ok ? '/admin/members?done=removed' : `/admin/members?error=${result.reason}`)
}

/** `POST` revoking a pending invitation (its link stops working); a foreign id is "missing". */
export async function revokeInvitation(form: FormData): Promise<void> {
  const { admin, school } = await requireAdmin()
  const id = text(form, 'invitation').slice(0, 64)
  const removed = await memberCms(admin)
    .deleteWhere('invitations', {
      and: [{ id: { equals: id } }, { tenant: { equals: school.id } }, { acceptedAt: { exists: false } }],
    })
    .then((result) => result.docs.length > 0)
    .catch((error: unknown) => {
      if (isCmsError(error) && !error.retryable) return false
      throw error
    })
  revalidatePath('/admin/members')
  redirect(removed ? '/admin/members?done=revoked' : '/admin/members?error=missing')
}
