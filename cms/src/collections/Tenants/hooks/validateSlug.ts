import { checkTenantSlug } from '@lyceum/domain'
import { type CollectionBeforeValidateHook, ValidationError } from 'payload'
import { env } from '../../../env.ts'

/** Normalises the slug (trim, lower-case) and applies the DNS and reserved-word rules. */
export const validateSlug: CollectionBeforeValidateHook = ({ data, req, collection }) => {
  if (!data || typeof data.slug !== 'string') return data
  const check = checkTenantSlug(data.slug, env.LYCEUM_RESERVED_SLUGS)
  if (!check.ok) {
    throw new ValidationError(
      { collection: collection.slug, errors: [{ path: 'slug', message: check.message }] },
      req.t,
    )
  }
  return { ...data, slug: check.slug }
}
