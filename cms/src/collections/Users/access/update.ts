import { adminTenants } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { anyOf, scopeWhere } from '../../../access/scope.ts'

/**
 * Oneself (profile, password), and members of schools one administers (their membership rows
 * only: guardProfileFields and guardMemberships enforce which fields and rows).
 */
export const updateUsers: Access = ({ req }) => {
  const actor = actorOf(req)
  const self = actor.kind === 'member' ? { id: { equals: actor.userId } } : false
  return anyOf(self, scopeWhere(adminTenants(actor), 'memberships.tenant'))
}
