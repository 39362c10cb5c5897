import { type CollectionBeforeChangeHook, ValidationError } from 'payload'
import { idOf } from '../../../lib/ids.ts'

/** A school's logo must be one of its own media files; another school's file is "not found". */
export const logoFromOwnMedia: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  req,
  collection,
}) => {
  const logo = idOf((data.branding as { logo?: unknown } | undefined)?.logo)
  const tenantId = idOf(originalDoc?.id)
  if (!logo) return data
  const media = await req.payload.find({
    collection: 'media',
    where: { id: { equals: logo } },
    depth: 0,
    limit: 1,
    pagination: false,
    overrideAccess: !req.user,
    req,
  })
  const owner = idOf((media.docs[0] as { tenant?: unknown } | undefined)?.tenant)
  if (!tenantId || owner !== tenantId) {
    throw new ValidationError(
      {
        collection: collection.slug,
        errors: [{ path: 'branding.logo', message: 'No media file with this id exists in this school.' }],
      },
      req.t,
    )
  }
  return data
}
