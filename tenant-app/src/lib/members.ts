import { createHash, randomBytes } from 'node:crypto'
import type { User } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { MEMBER_ROLES, type MemberRole } from '@lyceum/domain'
import { cms, type School } from './cms.ts'
import { type Member, memberCms, roleIn } from './session.ts'

/**
 * The school admin's member list, invitations and the plan's usage (decision 060). Everything an
 * admin changes goes through the admin's own cms session (the cms checks they administer THIS
 * school); the tenant key only reads invitations and accepts them, and adds learners.
 */

/** One member of the school as the admin sees them. */
export type MemberRow = { id: string; name: string; email: string; role: MemberRole }

/** The plan's limits and what the school uses; a null limit means "no limit" (no plan). */
export type Usage = {
  seats: { used: number; pending: number; limit: number | null }
  storage: { usedBytes: number; limitBytes: number | null }
  courses: { used: number; limit: number | null }
}

/** An open invitation (not accepted, not expired), with the role it gives on acceptance. */
export type PendingInvitation = { id: string; email: string; role: MemberRole; expiresAt: string }

/** Days an invitation works (set by the cms: `cms/src/collections/Invitations/hooks/inviteOnce.ts`). */
export const INVITATION_DAYS = 7

type Row = { tenant?: unknown; role?: unknown; id?: unknown }

/** SHA-256 (hex) of a token: what the cms stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new one-time token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Whether `value` can be an invitation token at all (43 base64url characters). */
export function isTokenShape(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value)
}

/** Whether `value` is a member role. */
export function parseRole(value: unknown): MemberRole | null {
  return MEMBER_ROLES.find((role) => role === value) ?? null
}

const openWhere = (school: School) => ({
  and: [
    { tenant: { equals: school.id } },
    { acceptedAt: { exists: false } },
    { expiresAt: { greater_than: new Date().toISOString() } },
  ],
})

/** Every member of the school, by name then email (the admin's session reads the roster). */
export async function listMembers(admin: Member, school: School): Promise<MemberRow[]> {
  const { docs } = await memberCms(admin).find('users', {
    where: { 'memberships.tenant': { equals: school.id } },
    limit: 0,
    depth: 0,
    sort: ['name', 'email'],
  })
  return docs.flatMap((user) => {
    const role = roleIn(user, school.id)
    return role ? [{ id: user.id, name: user.name ?? '', email: user.email, role }] : []
  })
}

/** Open invitations of the school, newest first. */
export async function listPendingInvitations(admin: Member, school: School): Promise<PendingInvitation[]> {
  const { docs } = await memberCms(admin).find('invitations', {
    where: openWhere(school),
    limit: 0,
    depth: 0,
    sort: ['-createdAt'],
  })
  return docs.map((doc) => ({
    id: doc.id,
    email: doc.email,
    role: parseRole(doc.role) ?? 'learner',
    expiresAt: doc.expiresAt ?? '',
  }))
}

/** Seats, storage and courses against the plan's limits. */
export async function usageOf(admin: Member, school: School): Promise<Usage> {
  const [tenant, members, pending, media, courses] = await Promise.all([
    cms().findByID('tenants', school.id, { depth: 1, select: { plan: true } }),
    cms().count('users', { where: { 'memberships.tenant': { equals: school.id } } }),
    memberCms(admin).count('invitations', { where: openWhere(school) }),
    memberCms(admin).find('media', {
      where: { tenant: { equals: school.id } },
      limit: 0,
      depth: 0,
      select: { filesize: true },
    }),
    memberCms(admin).count('courses', { where: { tenant: { equals: school.id } } }),
  ])
  const plan = tenant?.plan && typeof tenant.plan === 'object' ? tenant.plan : null
  return {
    seats: { used: members, pending, limit: plan?.limits?.seats ?? null },
    storage: {
      usedBytes: media.docs.reduce((sum, doc) => sum + (doc.filesize ?? 0), 0),
      limitBytes: plan?.limits?.storageBytes ?? null,
    },
    courses: { used: courses, limit: plan?.limits?.courses ?? null },
  }
}

/**
 * Whether one more person fits: members plus open invitations must stay within the seats
 * (decision 060: an invitation reserves its seat until it is accepted or expires).
 */
export function hasFreeSeat(usage: Pick<Usage, 'seats'>): boolean {
  const { used, pending, limit } = usage.seats
  return limit === null || used + pending < limit
}

/**
 * Creates an invitation for `email` (lower-cased) to join as `role` (the cms gives that role on
 * acceptance), as the admin, and returns the one-time token for the link. The cms sets the expiry
 * (7 days) and the inviter.
 * @throws CmsError when the cms refuses (not an admin of this school, school full) or fails.
 */
export async function createInvitation(
  admin: Member,
  school: School,
  email: string,
  role: MemberRole = 'learner',
): Promise<string> {
  const token = newToken()
  await memberCms(admin).create('invitations', {
    tenant: school.id,
    email,
    role,
    tokenHash: hashToken(token),
  })
  return token
}

/** An invitation the link can still use; `role` is what the cms gives on acceptance. */
export type OpenInvitation = { id: string; email: string; role: MemberRole; expiresAt: string }

/**
 * The open invitation behind a token, read with the tenant key; null for an unknown, expired or
 * used token, and for another school's (one answer for all four).
 */
export async function findOpenInvitation(school: School, token: string): Promise<OpenInvitation | null> {
  if (!isTokenShape(token)) return null
  const { docs } = await cms().find('invitations', {
    where: { and: [{ tokenHash: { equals: hashToken(token) } }, { tenant: { equals: school.id } }] },
    limit: 1,
    depth: 0,
  })
  const doc = docs[0]
  if (!doc || doc.acceptedAt || !doc.expiresAt || Date.parse(doc.expiresAt) <= Date.now()) return null
  return { id: doc.id, email: doc.email, role: parseRole(doc.role) ?? 'learner', expiresAt: doc.expiresAt }
}

/**
 * Marks the invitation used by `userId` (the tenant key; the cms allows it once, before expiry,
 * for the account of the invited email only) — the cms then gives that account the invitation's
 * role in the school (raising a lower one).
 */
export async function markAccepted(invitationId: string, userId: string): Promise<void> {
  await cms().update('invitations', invitationId, {
    acceptedAt: new Date().toISOString(),
    acceptedBy: userId,
  })
}

/** Why a role change or removal is refused. */
export type RosterRefusal = 'self' | 'last-admin' | 'missing'

function rowsOf(user: Pick<User, 'memberships'>): Row[] {
  return ((user.memberships ?? []) as Row[]).map((row) => ({
    ...(row.id ? { id: row.id } : {}),
    tenant: idOf(row.tenant),
    role: row.role,
  }))
}

/**
 * Sets another member's role in this school (or removes them with `role: null`). Refused for
 * oneself, for someone not in this school (foreign ids answer like missing ones), and when it
 * would leave the school without an admin.
 * @throws CmsError when the cms refuses or fails.
 */
export async function changeMembership(
  admin: Member,
  school: School,
  userId: string,
  role: MemberRole | null,
): Promise<{ ok: true } | { ok: false; reason: RosterRefusal }> {
  if (userId === admin.id) return { ok: false, reason: 'self' }
  const user = await memberCms(admin)
    .findByID('users', userId, { depth: 0 })
    .catch(() => null)
  const current = user ? roleIn(user, school.id) : null
  if (!user || !current) return { ok: false, reason: 'missing' }
  if (current === role) return { ok: true }
  // Counted from the roster (a where on two array fields could match different rows).
  if (current === 'admin') {
    const admins = (await listMembers(admin, school)).filter((m) => m.role === 'admin').length
    if (admins <= 1) return { ok: false, reason: 'last-admin' }
  }
  const rows = rowsOf(user)
  const memberships =
    role === null
      ? rows.filter((row) => row.tenant !== school.id)
      : rows.map((row) => (row.tenant === school.id ? { ...row, role } : row))
  await memberCms(admin).update('users', userId, { memberships } as never)
  return { ok: true }
}
