import { isPlatform } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'
import { type DocumentRef, documentsAllowed, refKey } from '../documentsAllowed.ts'

/**
 * A person locks, in their own name, a document they may update. Boolean only (see
 * createInTenants). Payload's own default lets any logged-in caller lock any document of any
 * school in anyone's name, which blocks that school's saves (423) and lists its ids.
 */
export const createLock: Access = async ({ req, data }) => {
  const actor = actorOf(req)
  if (isPlatform(actor)) return true
  if (actor.kind !== 'member') return false
  const input = data as { document?: DocumentRef; user?: DocumentRef } | undefined
  if (input?.user?.relationTo !== 'users' || idOf(input.user.value) !== actor.userId) return false
  const key = refKey(input.document)
  if (!key) return false
  return (await documentsAllowed(req, 'update', [input.document])).has(key)
}
