import { type Actor, memberTenants, type TenantScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'
import { allOf, anyOf, scopeWhere } from '../scope.ts'

/**
 * Learner-owned records (enrollments, lesson progress): the actor's own records in tenants it
 * belongs to, plus every record in the tenants of `staffScope` (instructors, admins).
 * @param ownerField the relationship to `users` naming the owner (`user`, or `reporter` on reports).
 */
export const ownOrInTenants =
  (staffScope: (actor: Actor) => TenantScope, ownerField = 'user'): Access =>
  ({ req }) => {
    const actor = actorOf(req)
    const own =
      actor.kind === 'member'
        ? allOf({ [ownerField]: { equals: actor.userId } }, scopeWhere(memberTenants(actor)))
        : false
    return anyOf(scopeWhere(staffScope(actor)), own)
  }
