/**
 * What a school uses against its plan's limits, so the portal can refuse a downgrade the school
 * has already outgrown. Source of truth: the cms (members = accounts with a membership of the
 * school; courses; storage = the sum of its media files' sizes), read with the platform key.
 */
import type { CmsClient, Plan } from '@lyceum/cms-client'

export type SchoolUsage = { seats: number; courses: number; storageBytes: number }
export type LimitName = 'seats' | 'courses' | 'storage'

/**
 * @throws CmsError when the cms cannot be read.
 */
export async function schoolUsage(cms: CmsClient, tenantId: string): Promise<SchoolUsage> {
  const [seats, courses, media] = await Promise.all([
    cms.count('users', { where: { 'memberships.tenant': { equals: tenantId } } }),
    cms.count('courses', { where: { tenant: { equals: tenantId } } }),
    cms.find('media', { where: { tenant: { equals: tenantId } }, limit: 0, select: { filesize: true } }),
  ])
  return { seats, courses, storageBytes: media.docs.reduce((sum, m) => sum + (m.filesize ?? 0), 0) }
}

/** The limits of `plan` that `usage` already exceeds (empty: the plan fits). */
export function exceededLimits(usage: SchoolUsage, plan: Pick<Plan, 'limits'>): LimitName[] {
  const over: LimitName[] = []
  if (usage.seats > plan.limits.seats) over.push('seats')
  if (usage.courses > plan.limits.courses) over.push('courses')
  if (usage.storageBytes > plan.limits.storageBytes) over.push('storage')
  return over
}
