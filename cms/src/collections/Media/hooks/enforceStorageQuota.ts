import { APIError, type CollectionBeforeChangeHook } from 'payload'
import { idOf } from '../../../lib/ids.ts'
import { storageUsedBytes } from './storageUsed.ts'

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`

/**
 * Refuses an upload that would take the school past its plan's `limits.storageBytes`, with a
 * 413 that says how much is used, allowed and needed. A school without a plan has no quota.
 */
export const enforceStorageQuota: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const size = typeof data.filesize === 'number' ? data.filesize : 0
  if (size === 0) return data
  const tenantId = idOf(data.tenant ?? originalDoc?.tenant)
  if (!tenantId) return data
  const tenant = await req.payload.findByID({
    collection: 'tenants',
    id: tenantId,
    depth: 1,
    overrideAccess: true,
    req,
  })
  const limit = typeof tenant.plan === 'object' && tenant.plan ? tenant.plan.limits?.storageBytes : undefined
  if (typeof limit !== 'number') return data
  const replaced = typeof originalDoc?.filesize === 'number' ? originalDoc.filesize : 0
  const used = (await storageUsedBytes(req, tenantId)) - replaced
  if (used + size > limit) {
    throw new APIError(
      `Storage quota exceeded: this school uses ${mb(used)} of ${mb(limit)} and this file needs ${mb(size)}. Delete files or upgrade the plan.`,
      413,
      { used, limit, size },
      true,
    )
  }
  return data
}
