import { type CollectionSlug, Forbidden, NotFound, type PayloadRequest } from 'payload'

/**
 * Throws NotFound unless the caller may read document `id` of `collection`, so that another
 * school's id answers exactly like an id that does not exist. A caller who may read nothing of
 * the collection gets NotFound for every id.
 */
export async function readableOrNotFound(
  req: PayloadRequest,
  collection: CollectionSlug,
  id: number | string,
): Promise<void> {
  const totalDocs = await req.payload
    .count({ collection, where: { id: { equals: id } }, overrideAccess: false, req })
    .then(
      (result) => result.totalDocs,
      (error: unknown) => {
        if (error instanceof Forbidden) return 0
        throw error
      },
    )
  if (totalDocs === 0) throw new NotFound(req.t)
}
