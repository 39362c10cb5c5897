import { isPlatform } from '@lyceum/tenancy'
import type { FieldAccess } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/** Only the platform (hub signup) or a super-admin sets the field (a value from anyone else is dropped). */
export const platformField: FieldAccess = ({ req }) => isPlatform(actorOf(req))
