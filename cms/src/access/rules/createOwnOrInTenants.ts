import { type Actor, memberTenants, scopeIncludes, type TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { idOf } from '../../lib/ids.ts'
import { actorOf } from '../actor.ts'

/**
 * Create a learner-owned record: for oneself in a tenant one belongs to, or for anyone in a
 * tenant of `staffScope`. Boolean only (see createInTenants).
 * @param ownerField the relationship to `users` naming the owner (`user`, or `reporter` on reports).
 */
export const createOwnOrInTenants =
  (staffScope: (actor: Actor) => TenantScope, ownerField = 'user'): Access =>
  ({ req, data }) => {
    const actor = actorOf(req)
    const input = data as Record<string, unknown> | undefined
    const tenantId = idOf(input?.tenant)
    if (scopeIncludes(staffScope(actor), tenantId)) return true
    return (
      actor.kind === 'member' &&
      idOf(input?.[ownerField]) === actor.userId &&
      scopeIncludes(memberTenants(actor), tenantId)
    )
  }
