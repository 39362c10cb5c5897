import type { Actor, TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'
import { scopeWhere } from '../scope.ts'

/**
 * Documents whose tenant field is in the actor's `scope` (read, update, delete).
 * @param field the tenant field's path: `tenant`, or `version.tenant` for readVersions.
 */
export const inTenants =
  (scope: (actor: Actor) => TenantScope, field = 'tenant'): Access =>
  ({ req }) =>
    scopeWhere(scope(actorOf(req)), field)
