import type { CollectionSlug, PayloadRequest, Where } from 'payload'
import { idOf } from '../../lib/ids.ts'

/** A document named by a polymorphic relationship value, as `payload-locked-documents` stores it. */
export type DocumentRef = { relationTo?: unknown; value?: unknown } | null | undefined

export const refKey = (ref: DocumentRef): string | null => {
  const id = idOf(ref?.value)
  return typeof ref?.relationTo === 'string' && id ? `${ref.relationTo}:${id}` : null
}

/**
 * The documents among `refs` on which the caller may `operation`, judged by each collection's
 * own access rule. Returns their keys (`<collection>:<id>`).
 */
export async function documentsAllowed(
  req: PayloadRequest,
  operation: 'read' | 'update',
  refs: readonly DocumentRef[],
): Promise<Set<string>> {
  const idsBySlug = new Map<string, Set<string>>()
  for (const ref of refs) {
    const id = idOf(ref?.value)
    if (typeof ref?.relationTo !== 'string' || !id) continue
    idsBySlug.set(ref.relationTo, (idsBySlug.get(ref.relationTo) ?? new Set()).add(id))
  }
  const allowed = new Set<string>()
  for (const [slug, idSet] of idsBySlug) {
    const collection = req.payload.collections[slug as CollectionSlug]
    if (!collection) continue
    const rule = await collection.config.access[operation]({ req })
    if (rule === false) continue
    const ids = [...idSet]
    const where: Where = rule === true ? { id: { in: ids } } : { and: [{ id: { in: ids } }, rule] }
    const found = await req.payload.find({
      collection: slug as CollectionSlug,
      where,
      depth: 0,
      limit: ids.length,
      pagination: false,
      overrideAccess: true,
      req,
    })
    for (const doc of found.docs) allowed.add(`${slug}:${doc.id}`)
  }
  return allowed
}

/**
 * Ids of the locks on documents the caller may `operation`. Locks are short-lived (one per
 * document open in the admin panel), so they are read whole.
 */
export async function locksOnAllowedDocuments(
  req: PayloadRequest,
  operation: 'read' | 'update',
): Promise<string[]> {
  const { docs } = await req.payload.find({
    collection: 'payload-locked-documents',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const locks = docs as Array<{ id: number | string; document?: DocumentRef }>
  const allowed = await documentsAllowed(
    req,
    operation,
    locks.map((lock) => lock.document),
  )
  return locks.filter((lock) => allowed.has(refKey(lock.document) ?? '')).map((lock) => String(lock.id))
}
