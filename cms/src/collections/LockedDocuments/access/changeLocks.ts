import { isPlatform } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'
import { type DocumentRef, locksOnAllowedDocuments } from '../documentsAllowed.ts'

/**
 * Update (take over, refresh) and delete (unlock) the locks on documents the caller may update.
 * Taking over writes the caller's own name, never someone else's.
 */
export const changeLocks: Access = async ({ req, data }) => {
  const actor = actorOf(req)
  if (isPlatform(actor)) return true
  if (actor.kind !== 'member') return false
  const user = (data as { user?: DocumentRef } | undefined)?.user
  if (user !== undefined && (user?.relationTo !== 'users' || idOf(user.value) !== actor.userId)) return false
  return { id: { in: await locksOnAllowedDocuments(req, 'update') } }
}
