import { isPlatform } from '@lyceum/tenancy'
import type { FieldAccess } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/** Fields only the platform sets: slug, status and plan. Others' values are dropped, not saved. */
export const platformField: FieldAccess = ({ req }) => isPlatform(actorOf(req))
