import type { MemberRole } from '@lyceum/domain'
import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'
import { membershipsOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'

/** Key in `req.context` under which this hook tells guardMemberships which role it grants. */
export const INVITATION_GRANT = 'lyceumInvitationGrant'

/** What an accepted invitation grants: `role` in `tenantId` to the account `userId`. */
export type InvitationGrant = { userId: string; tenantId: string; role: MemberRole }

/** The grant this request is applying, if any (set only by {@link grantInvitedRole}). */
export function invitationGrantOf(req: Pick<PayloadRequest, 'context'>): InvitationGrant | null {
  const grant = req.context?.[INVITATION_GRANT] as InvitationGrant | undefined
  return grant && typeof grant.userId === 'string' ? grant : null
}

const RANK: Record<MemberRole, number> = { learner: 0, instructor: 1, admin: 2 }

/**
 * When an invitation is accepted (acceptedAt set for the first time), its account gets the
 * invitation's role in the school: a membership row is added when the account has none, and an
 * existing lower role is raised (never lowered). Runs inside the accepting request, so a refusal
 * (e.g. the school is full) undoes the acceptance too. inviteOnce has already checked that
 * `acceptedBy` is the account of the invited email.
 */
export const grantInvitedRole: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || previousDoc?.acceptedAt || !doc.acceptedAt) return doc
  const userId = idOf(doc.acceptedBy)
  const tenantId = idOf(doc.tenant)
  const role = (doc.role ?? 'learner') as MemberRole
  if (!userId || !tenantId) return doc
  const user = await req.payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const current = membershipsOf(user.memberships).find((m) => m.tenantId === tenantId)
  if (current && RANK[current.role] >= RANK[role]) return doc
  // The rows read here are those the caller sees (hideForeignMemberships); guardMemberships keeps
  // the others as stored, so sending these back with this school's row changed loses nothing.
  const rows = (user.memberships ?? []).map((row) => ({ tenant: idOf(row.tenant), role: row.role }))
  const memberships = current
    ? rows.map((row) => (row.tenant === tenantId ? { ...row, role } : row))
    : [...rows, { tenant: tenantId, role }]
  const grant: InvitationGrant = { userId, tenantId, role }
  try {
    await req.payload.update({
      collection: 'users',
      id: userId,
      data: { memberships } as never,
      overrideAccess: true,
      context: { [INVITATION_GRANT]: grant },
      req,
    })
  } finally {
    delete req.context[INVITATION_GRANT]
  }
  return doc
}
