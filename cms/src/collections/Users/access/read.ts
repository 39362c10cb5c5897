import { type Actor, isPlatform, only, type TenantScope, tenantsWithRole } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { anyOf, scopeWhere } from '../../../access/scope.ts'
import { invitedByKey } from './invited.ts'

/** Tenants whose member list the actor sees: staff of the school, or the school's own key. */
function rosterScope(actor: Actor): TenantScope {
  if (actor.kind === 'tenant-key') return only([actor.tenantId])
  return tenantsWithRole(actor, ['admin', 'instructor'])
}

/**
 * Oneself, plus the members of schools whose roster the actor sees. Learners see only themselves.
 * A school's key also reads the accounts its open invitations are for (their other schools'
 * memberships stay hidden: hideForeignMemberships).
 */
export const readUsers: Access = async ({ req }) => {
  const actor = actorOf(req)
  if (isPlatform(actor)) return true
  if (actor.kind === 'tenant-key') {
    return anyOf(
      scopeWhere(rosterScope(actor), 'memberships.tenant'),
      await invitedByKey(req, actor.tenantId),
    )
  }
  const self = actor.kind === 'member' ? { id: { equals: actor.userId } } : false
  return anyOf(self, scopeWhere(rosterScope(actor), 'memberships.tenant'))
}
