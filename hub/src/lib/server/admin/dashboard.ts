/**
 * The dashboard's data, read with the platform key from the cms (the source of truth): MRR by
 * currency, tenants by status, signups and cancellations per day, and what needs attention.
 */

import type { BillingEvent, CmsClient, Plan, ProvisioningRun, Subscription, Tenant } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { TENANT_STATUSES } from '@lyceum/domain'
import {
  type DayCount,
  dailySeries,
  type MrrByCurrency,
  mrrByCurrency,
  type PlanPrice,
  REVENUE_STATUSES,
} from './metrics.ts'

export const SERIES_DAYS = 30
/** At most this many items per "needs attention" list (newest first). */
export const ATTENTION_LIMIT = 20

export type Dashboard = {
  mrr: MrrByCurrency
  byStatus: Array<{ status: string; count: number }>
  series: DayCount[]
  attention: {
    billingEvents: Array<{
      id: string
      provider: string
      type: string
      eventId: string
      tenantId: string | null
      error: string | null
      occurredAt: string
    }>
    runs: Array<{
      id: string
      tenantId: string
      action: string
      error: string | null
      finishedAt: string | null
    }>
    tenants: Array<{ id: string; name: string; slug: string; statusReason: string | null; updatedAt: string }>
    /** Members' reports awaiting a decision (the moderation queue, decision 095). */
    openReports: number
  }
}

/**
 * The documents of a `find` with `select`, typed with the selected fields present: the cms
 * returns every selected field (required ones are never missing).
 */
export const picked = <T extends { id: string }, K extends keyof T>(docs: ReadonlyArray<Partial<T>>) =>
  docs as unknown as Array<Pick<T, 'id' | K>>

/** Every plan's price, by id. */
export async function planPrices(
  cms: CmsClient,
): Promise<Map<string, PlanPrice & { code: string; name: string }>> {
  const { docs } = await cms.find('plans', {
    limit: 0,
    select: { code: true, name: true, priceMinor: true, currency: true, interval: true },
  })
  return new Map(
    picked<Plan, 'code' | 'name' | 'priceMinor' | 'currency' | 'interval'>(docs).map((p) => [
      p.id,
      {
        id: p.id,
        code: p.code,
        name: p.name,
        priceMinor: p.priceMinor,
        currency: p.currency,
        interval: p.interval,
      },
    ]),
  )
}

/**
 * Reads everything the dashboard shows. Cancellations are subscriptions now `canceled`, dated by
 * their last change (`updatedAt`); signups are schools created.
 * @throws CmsError when the cms cannot answer.
 */
export async function loadDashboard(cms: CmsClient, now = new Date()): Promise<Dashboard> {
  const since = new Date(now.getTime() - SERIES_DAYS * 86_400_000).toISOString()
  const [plans, paying, counts, created, canceled, failedEvents, failedRuns, failedTenants, openReports] =
    await Promise.all([
      planPrices(cms),
      // One count per plan (a handful), not every paying subscription: this stays cheap with
      // thousands of schools. Both revenue statuses count at the plan's price.
      planPrices(cms).then((all) =>
        Promise.all(
          [...all.keys()].map(async (planId) => ({
            status: 'active',
            planId,
            count: await cms.count('subscriptions', {
              where: { and: [{ status: { in: [...REVENUE_STATUSES] } }, { plan: { equals: planId } }] },
            }),
          })),
        ),
      ),
      Promise.all(
        TENANT_STATUSES.map(async (status) => ({
          status,
          count: await cms.count('tenants', { where: { status: { equals: status } } }),
        })),
      ),
      cms.find('tenants', {
        where: { createdAt: { greater_than_equal: since } },
        limit: 0,
        select: { createdAt: true },
      }),
      cms.find('subscriptions', {
        where: { and: [{ status: { equals: 'canceled' } }, { updatedAt: { greater_than_equal: since } }] },
        limit: 0,
        select: { updatedAt: true },
      }),
      cms.find('billing-events', {
        where: { outcome: { equals: 'failed' } },
        sort: '-occurredAt',
        limit: ATTENTION_LIMIT,
        select: { provider: true, type: true, eventId: true, tenant: true, error: true, occurredAt: true },
      }),
      cms.find('provisioning-runs', {
        where: { status: { equals: 'failed' } },
        sort: '-createdAt',
        limit: ATTENTION_LIMIT,
        select: { tenant: true, action: true, error: true, finishedAt: true },
      }),
      cms.find('tenants', {
        where: { status: { equals: 'failed' } },
        sort: '-updatedAt',
        limit: ATTENTION_LIMIT,
        select: { name: true, slug: true, statusReason: true, updatedAt: true },
      }),
      cms.count('reports', { where: { status: { equals: 'open' } } }),
    ])
  return {
    mrr: mrrByCurrency(paying, plans),
    byStatus: counts,
    series: dailySeries(
      now,
      SERIES_DAYS,
      picked<Tenant, 'createdAt'>(created.docs).map((t) => t.createdAt),
      picked<Subscription, 'updatedAt'>(canceled.docs).map((s) => s.updatedAt),
    ),
    attention: {
      billingEvents: picked<
        BillingEvent,
        'provider' | 'type' | 'eventId' | 'tenant' | 'error' | 'occurredAt'
      >(failedEvents.docs).map((e) => ({
        id: e.id,
        provider: e.provider,
        type: e.type,
        eventId: e.eventId,
        tenantId: idOf(e.tenant),
        error: e.error ?? null,
        occurredAt: e.occurredAt,
      })),
      runs: picked<ProvisioningRun, 'tenant' | 'action' | 'error' | 'finishedAt'>(failedRuns.docs).flatMap(
        (r) => {
          const tenantId = idOf(r.tenant)
          return tenantId
            ? [
                {
                  id: r.id,
                  tenantId,
                  action: r.action,
                  error: r.error ?? null,
                  finishedAt: r.finishedAt ?? null,
                },
              ]
            : []
        },
      ),
      tenants: picked<Tenant, 'name' | 'slug' | 'statusReason' | 'updatedAt'>(failedTenants.docs).map(
        (t) => ({
          id: t.id,
          name: t.name,
          slug: t.slug,
          statusReason: t.statusReason ?? null,
          updatedAt: t.updatedAt,
        }),
      ),
      openReports,
    },
  }
}
