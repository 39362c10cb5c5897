import { isSuperAdmin } from '@lyceum/tenancy'
import type { FieldAccess } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/** Only a super-admin grants or removes the super-admin role (a value from anyone else is dropped). */
export const platformRoleField: FieldAccess = ({ req }) => isSuperAdmin(actorOf(req))
