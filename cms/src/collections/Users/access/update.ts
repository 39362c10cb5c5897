import { adminTenants } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { anyOf, scopeWhere } from '../../../access/scope.ts'
import { invitedByKey } from './invited.ts'

/**
 * Oneself (profile, password), and members of schools one administers (their membership rows
 * only: guardProfileFields and guardMemberships enforce which fields and rows). A school's key
 * may update only the account of an email with an open invitation of its school (accepting it
 * with an existing account); guardMemberships lets a key add only a learner row of its school.
 */
export const updateUsers: Access = async ({ req }) => {
  const actor = actorOf(req)
  if (actor.kind === 'tenant-key') return invitedByKey(req, actor.tenantId)
  const self = actor.kind === 'member' ? { id: { equals: actor.userId } } : false
  return anyOf(self, scopeWhere(adminTenants(actor), 'memberships.tenant'))
}
