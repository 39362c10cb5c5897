import { checkMembershipChange, isPlatform, memberTenants, scopeIncludes } from '@lyceum/tenancy'
import { APIError, type CollectionBeforeChangeHook } from 'payload'
import { actorOf, membershipsOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'
import { invitationGrantOf } from '../../Invitations/hooks/grantInvitedRole.ts'

type Row = { tenant?: unknown; role?: unknown; id?: unknown }

/**
 * Whether the change is exactly what an accepted invitation grants (grantInvitedRole, which
 * sets the grant in `req.context`; clients cannot): the invited account's row in the invitation's
 * school becomes the invited role, and every other school's rows stay as they were.
 */
function grantsOnlyInvitedRole(
  req: Parameters<CollectionBeforeChangeHook>[0]['req'],
  targetId: string | null,
  before: Row[],
  after: Row[],
): boolean {
  const grant = invitationGrantOf(req)
  if (!grant || targetId === null || grant.userId !== targetId) return false
  const key = (m: { tenantId: string; role: string }) => `${m.tenantId}:${m.role}`
  const others = (rows: Row[]) =>
    membershipsOf(rows)
      .filter((m) => m.tenantId !== grant.tenantId)
      .map(key)
      .sort()
      .join()
  const granted = membershipsOf(after).filter((m) => m.tenantId === grant.tenantId)
  return others(before) === others(after) && granted.length === 1 && granted[0]?.role === grant.role
}

/**
 * Applies the membership rules of @lyceum/tenancy to every create and update from a request.
 * Rows of schools the caller cannot see are kept as they were, whatever the request says (the
 * caller never saw them: hideForeignMemberships removed them from what it read).
 */
export const guardMemberships: CollectionBeforeChangeHook = ({ data, originalDoc, operation, req }) => {
  if (!req.user) return data // system call
  const actor = actorOf(req)
  const before: Row[] = (originalDoc?.memberships as Row[] | undefined) ?? []
  if (!('memberships' in data) && operation === 'update') return data
  const requested: Row[] = (data.memberships as Row[] | null | undefined) ?? []
  const targetId = operation === 'update' ? String(originalDoc?.id) : null
  const self = actor.kind === 'member' && actor.userId === targetId
  const seesAll = isPlatform(actor) || self
  const visible = memberTenants(actor)
  const canSee = (row: Row) => seesAll || scopeIncludes(visible, idOf(row.tenant))
  // Payload hands hooks the stored document merged with the request, so stored rows the caller
  // cannot see arrive in `requested` unchanged: those are kept as stored. Any other row about a
  // school the caller cannot see is the caller's own attempt, and is refused.
  const rowKey = (row: Row) => `${idOf(row.tenant)}:${String(row.role)}`
  const hidden = before.filter((row) => !canSee(row))
  const stored = new Set(hidden.map(rowKey))
  if (requested.some((row) => !canSee(row) && !stored.has(rowKey(row)))) {
    throw new APIError('You can only manage memberships of schools you administer.', 403, null, true)
  }
  const after = [...hidden, ...requested.filter(canSee)]
  const problem = checkMembershipChange(actor, targetId, membershipsOf(before), membershipsOf(after))
  if (problem && !grantsOnlyInvitedRole(req, targetId, before, after)) {
    throw new APIError(problem, 403, null, true)
  }
  if (operation === 'create' && !isPlatform(actor) && membershipsOf(after).length === 0) {
    throw new APIError('A new member must belong to your school: add a membership.', 400, null, true)
  }
  const tenants = membershipsOf(after).map((m) => m.tenantId)
  if (new Set(tenants).size !== tenants.length) {
    throw new APIError('A person has at most one role per school.', 400, null, true)
  }
  return { ...data, memberships: after }
}
