import { isEmptyScope, isSuperAdmin, tenantsWithRole } from '@lyceum/tenancy'
import type { PayloadRequest } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/** The cms admin UI is for super-admins and for school staff (admins, instructors). */
export const adminPanel = ({ req }: { req: PayloadRequest }): boolean => {
  const actor = actorOf(req)
  return isSuperAdmin(actor) || !isEmptyScope(tenantsWithRole(actor, ['admin', 'instructor']))
}
