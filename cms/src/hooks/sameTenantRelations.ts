import type { CollectionBeforeChangeHook, CollectionSlug } from 'payload'
import { ValidationError } from 'payload'
import { idOf } from '../lib/ids.ts'

/**
 * Refuses links to another tenant's documents. For each `field → collection`, the linked
 * document must exist, be readable by the caller, and belong to the same tenant as the document
 * being saved. A foreign id gets the same "not found" message as a missing one.
 *
 * Requests are checked with the caller's own access; calls without a user are system calls
 * (seed, provisioner jobs) and are checked against the database as it is.
 */
export const sameTenantRelations =
  (fields: Record<string, CollectionSlug>): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req, collection }) => {
    const tenantId = idOf(data.tenant ?? originalDoc?.tenant)
    const errors: { message: string; path: string }[] = []
    for (const [field, target] of Object.entries(fields)) {
      if (!(field in data)) continue
      const id = idOf(data[field])
      if (id === null) continue
      const linked = await req.payload.find({
        collection: target,
        where: { id: { equals: id } },
        depth: 0,
        limit: 1,
        pagination: false,
        overrideAccess: !req.user,
        req,
      })
      const doc = linked.docs[0] as { tenant?: unknown } | undefined
      if (!doc || idOf(doc.tenant) !== tenantId) {
        errors.push({
          path: field,
          message: `No ${target.replace(/s$/, '')} with this id exists in this school.`,
        })
      }
    }
    if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
    return data
  }
