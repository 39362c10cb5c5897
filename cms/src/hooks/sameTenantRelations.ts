import type { CollectionBeforeChangeHook, CollectionSlug } from 'payload'
import { ValidationError } from 'payload'
import { idOf } from '../lib/ids.ts'

/**
 * Refuses links to another tenant's documents. For each `field → collection`, the linked
 * document (each one, for a hasMany field) must exist, be readable by the caller, and belong to the same tenant as the document
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
      // hasMany relationships hold a list: every id in it must pass.
      const values: unknown[] = Array.isArray(data[field]) ? data[field] : [data[field]]
      const ids = [...new Set(values.map(idOf).filter((id): id is string => id !== null))]
      if (ids.length === 0) continue
      const linked = await req.payload.find({
        collection: target,
        where: { id: { in: ids } },
        depth: 0,
        limit: ids.length,
        pagination: false,
        overrideAccess: !req.user,
        req,
      })
      const own = new Set(
        (linked.docs as { id: unknown; tenant?: unknown }[])
          .filter((doc) => idOf(doc.tenant) === tenantId)
          .map((doc) => idOf(doc.id)),
      )
      if (ids.some((id) => !own.has(id))) {
        errors.push({
          path: field,
          message: `No ${target.replace(/s$/, '')} with this id exists in this school.`,
        })
      }
    }
    if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
    return data
  }
