import { type Actor, scopeIncludes, type TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { idOf } from '../../lib/ids.ts'
import { actorOf } from '../actor.ts'

/**
 * Create only into a tenant of the actor's `scope`. Returns a boolean, never a `Where`: Payload
 * (and the multi-tenant plugin) treat a `Where` from `create` as "allowed", so the tenant in the
 * incoming data is checked here.
 */
export const createInTenants =
  (scope: (actor: Actor) => TenantScope): Access =>
  ({ req, data }) =>
    scopeIncludes(scope(actorOf(req)), idOf((data as { tenant?: unknown } | undefined)?.tenant))
