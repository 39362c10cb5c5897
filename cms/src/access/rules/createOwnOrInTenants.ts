import { type Actor, memberTenants, scopeIncludes, type TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { idOf } from '../../lib/ids.ts'
import { actorOf } from '../actor.ts'

/**
 * Create a learner-owned record: for oneself in a tenant one belongs to, or for anyone in a
 * tenant of `staffScope`. Boolean only (see createInTenants).
 */
export const createOwnOrInTenants =
  (staffScope: (actor: Actor) => TenantScope): Access =>
  ({ req, data }) => {
    const actor = actorOf(req)
    const input = data as { tenant?: unknown; user?: unknown } | undefined
    const tenantId = idOf(input?.tenant)
    if (scopeIncludes(staffScope(actor), tenantId)) return true
    return (
      actor.kind === 'member' &&
      idOf(input?.user) === actor.userId &&
      scopeIncludes(memberTenants(actor), tenantId)
    )
  }
