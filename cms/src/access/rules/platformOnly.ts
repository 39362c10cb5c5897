import { isPlatform } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'

/** Super-admins and the platform key (hub, provisioner). */
export const platformOnly: Access = ({ req }) => isPlatform(actorOf(req))
