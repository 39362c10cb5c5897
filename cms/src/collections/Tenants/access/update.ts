import { adminTenants } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { scopeWhere } from '../../../access/scope.ts'

/** School admins edit their own school's name, locale and branding; the platform edits all. */
export const updateTenant: Access = ({ req }) => scopeWhere(adminTenants(actorOf(req)), 'id')
