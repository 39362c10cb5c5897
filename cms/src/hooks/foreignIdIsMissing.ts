import { type CollectionBeforeOperationHook, Forbidden, NotFound } from 'payload'

/**
 * Makes an id the caller may not read answer exactly like an id that does not exist: 404.
 *
 * Payload answers update-by-id and delete-by-id with 403 when the access rule is a `Where` and
 * matches nothing, which would tell a caller "this id exists in another school". Before such an
 * operation runs for a request, this hook counts the document through the caller's own read
 * access and throws NotFound when it is not there. Restoring a version is judged the same way,
 * through the caller's access to versions (Payload looks the version up without access first,
 * then answers 403 for another school's version and 404 for a missing one). System calls
 * (`overrideAccess`) are untouched.
 */
export const foreignIdIsMissing: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  if (operation !== 'update' && operation !== 'delete' && operation !== 'restoreVersion') return args
  const { id, overrideAccess } = args as { id?: number | string; overrideAccess?: boolean }
  // REST and GraphQL leave overrideAccess undefined, which Payload treats as "enforce access".
  if (id === undefined || overrideAccess === true) return args
  if (operation === 'restoreVersion') {
    const readable = await req.payload
      .countVersions({
        collection: collection.slug,
        where: { id: { equals: id } },
        overrideAccess: false,
        req,
      })
      .then(({ totalDocs }) => totalDocs > 0)
      .catch((error: unknown) => {
        if (error instanceof Forbidden) return false
        throw error
      })
    if (!readable) throw new NotFound(req.t)
    return args
  }
  const { totalDocs } = await req.payload.count({
    collection: collection.slug,
    where: { id: { equals: id } },
    overrideAccess: false,
    req,
  })
  if (totalDocs === 0) throw new NotFound(req.t)
  return args
}
