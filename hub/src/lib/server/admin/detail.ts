/**
 * One school as the console shows it, read from the cms with the platform key: the school, its
 * subscription and that subscription's billing events, its provisioning runs with their step
 * logs, its audit log, and its members, storage and courses.
 */

import type {
  AuditLog,
  BillingEvent,
  CmsClient,
  ProvisioningRun,
  Subscription,
  Tenant,
} from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { documentIdSchema } from '@lyceum/domain'
import { planPrices } from './dashboard.ts'

/** How many billing events, runs and audit entries the page lists (newest first). */
export const DETAIL_LIMIT = 50

export type TenantDetail = {
  tenant: Tenant
  planName: string | null
  subscription: (Subscription & { planName: string | null }) | null
  billingEvents: BillingEvent[]
  runs: ProvisioningRun[]
  audit: AuditLog[]
  members: number
  courses: number
  /** Sum of the school's media `filesize`, bytes. */
  storageBytes: number
}

/**
 * @returns the school's detail, or null for an id that is not a school (malformed ids too).
 * @throws CmsError when the cms cannot answer.
 */
export async function loadTenantDetail(cms: CmsClient, id: string): Promise<TenantDetail | null> {
  if (!documentIdSchema.safeParse(id).success) return null
  const tenant = await cms.findByID('tenants', id, { depth: 0 })
  if (!tenant) return null
  const [plans, subs, events, runs, audit, members, courses, media] = await Promise.all([
    planPrices(cms),
    cms.find('subscriptions', { where: { tenant: { equals: id } }, sort: '-updatedAt', limit: 1 }),
    cms.find('billing-events', {
      where: { tenant: { equals: id } },
      sort: '-occurredAt',
      limit: DETAIL_LIMIT,
      select: {
        provider: true,
        eventId: true,
        type: true,
        occurredAt: true,
        processedAt: true,
        outcome: true,
        error: true,
        createdAt: true,
        updatedAt: true,
      },
    }),
    cms.find('provisioning-runs', {
      where: { tenant: { equals: id } },
      sort: '-createdAt',
      limit: DETAIL_LIMIT,
    }),
    cms.find('audit-log', { where: { tenant: { equals: id } }, sort: '-at', limit: DETAIL_LIMIT }),
    cms.count('users', { where: { 'memberships.tenant': { equals: id } } }),
    cms.count('courses', { where: { tenant: { equals: id } } }),
    cms.find('media', { where: { tenant: { equals: id } }, limit: 0, select: { filesize: true } }),
  ])
  const sub = subs.docs[0] ?? null
  return {
    tenant,
    planName: plans.get(idOf(tenant.plan) ?? '')?.name ?? null,
    subscription: sub ? { ...sub, planName: plans.get(idOf(sub.plan) ?? '')?.name ?? null } : null,
    billingEvents: events.docs as BillingEvent[],
    runs: runs.docs,
    audit: audit.docs,
    members,
    courses,
    storageBytes: media.docs.reduce((sum, m) => sum + (m.filesize ?? 0), 0),
  }
}
