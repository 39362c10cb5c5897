import { isPlatform } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { locksOnAllowedDocuments } from '../documentsAllowed.ts'

/**
 * People see the locks on documents they may read (the admin panel shows who is editing);
 * keys and anonymous callers see none; the platform sees all. A Where, even when it matches
 * nothing: the admin panel lists locks with the caller's access and must not get a 403.
 */
export const readLocks: Access = async ({ req }) => {
  const actor = actorOf(req)
  if (isPlatform(actor)) return true
  if (actor.kind !== 'member') return false
  return { id: { in: await locksOnAllowedDocuments(req, 'read') } }
}
