import { adminTenants, isEmptyScope, isPlatform } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/**
 * The platform (hub signup), school admins (invitations) and a school's own key (self-signup)
 * create accounts. Which memberships the new account may carry is checked by guardMemberships.
 */
export const createUser: Access = ({ req }) => {
  const actor = actorOf(req)
  return isPlatform(actor) || actor.kind === 'tenant-key' || !isEmptyScope(adminTenants(actor))
}
