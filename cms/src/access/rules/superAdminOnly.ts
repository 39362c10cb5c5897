import { isSuperAdmin } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'

/** People with the super-admin platform role; not API keys. */
export const superAdminOnly: Access = ({ req }) => isSuperAdmin(actorOf(req))
