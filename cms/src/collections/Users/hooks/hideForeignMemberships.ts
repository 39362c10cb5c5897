import { isPlatform, memberTenants, scopeIncludes } from '@lyceum/tenancy'
import type { CollectionAfterReadHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'

/**
 * A person may belong to several schools. Whoever reads them through one school sees only that
 * school's membership rows: the others would reveal another tenant's existence and ids.
 */
export const hideForeignMemberships: CollectionAfterReadHook = ({ doc, req }) => {
  if (!req.user) return doc // system call
  const actor = actorOf(req)
  if (isPlatform(actor) || (actor.kind === 'member' && actor.userId === String(doc.id))) return doc
  if (!Array.isArray(doc.memberships)) return doc
  const visible = memberTenants(actor)
  return {
    ...doc,
    memberships: doc.memberships.filter((row: { tenant?: unknown }) =>
      scopeIncludes(visible, idOf(row.tenant)),
    ),
  }
}
