import { type Actor, only, type TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'
import { anyOf, scopeWhere } from '../scope.ts'

/**
 * Records a school's own instance must read or update with its tenant key (certificates it
 * verifies on its public page, invitations it accepts), plus those of the tenants in
 * `staffScope`. The key reaches its own school only.
 */
export const schoolKeyOrStaff =
  (staffScope: (actor: Actor) => TenantScope): Access =>
  ({ req }) => {
    const actor = actorOf(req)
    const key: TenantScope = actor.kind === 'tenant-key' ? only([actor.tenantId]) : only([])
    return anyOf(scopeWhere(key), scopeWhere(staffScope(actor)))
  }
