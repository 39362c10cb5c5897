import { type CollectionBeforeChangeHook, ValidationError } from 'payload'
import { idOf } from '../../../lib/ids.ts'

/**
 * A tenant key names its tenant; a platform key names none. Setting `revokedAt` disables the
 * key (Payload stops accepting it) and it can never be re-enabled: mint a new one instead.
 */
export const checkKeyShape: CollectionBeforeChangeHook = ({ data, originalDoc, req, collection }) => {
  const kind = data.kind ?? originalDoc?.kind
  const tenant = idOf(data.tenant ?? originalDoc?.tenant)
  const errors: { path: string; message: string }[] = []
  if (kind === 'tenant' && !tenant) errors.push({ path: 'tenant', message: 'A tenant key needs its tenant.' })
  if (kind === 'platform' && tenant)
    errors.push({ path: 'tenant', message: 'A platform key belongs to no tenant.' })
  if (originalDoc?.revokedAt && data.revokedAt === null) {
    errors.push({ path: 'revokedAt', message: 'A revoked key stays revoked; mint a new key instead.' })
  }
  if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
  if (data.revokedAt ?? originalDoc?.revokedAt) return { ...data, enableAPIKey: false, apiKey: null }
  return data
}
