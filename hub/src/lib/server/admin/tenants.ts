/**
 * The tenants table's data: one page of schools read from the cms, with the filter, sort and
 * pagination done by the cms's database (the query-string state is ../../admin-table.ts).
 */

import type { CmsClient, ProvisioningRun, Subscription, Tenant, Where } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { PAGE_SIZE, type TableQuery } from '../../admin-table.ts'
import { picked, planPrices } from './dashboard.ts'
import { monthlyMinor } from './metrics.ts'

/** An id no document has: a filter on it matches nothing. */
const NO_ID = '00000000-0000-0000-0000-000000000000'

export type TenantRow = {
  id: string
  name: string
  slug: string
  url: string
  status: string
  plan: string | null
  provider: string | null
  subscriptionStatus: string | null
  /** MRR of the latest subscription, minor units, with its currency; null when none brings revenue. */
  mrr: { minor: number; currency: string } | null
  createdAt: string
  lastRun: { action: string; status: string; at: string } | null
}

export type TablePage = {
  rows: TenantRow[]
  total: number
  page: number
  pages: number
  plans: Array<{ code: string; name: string }>
}

/** The school's public URL: `<slug>.<root domain>` with the hub public URL's scheme and port. */
export function schoolUrl(slug: string, rootDomain: string, hubPublicUrl: string): string {
  const hub = new URL(hubPublicUrl)
  return `${hub.protocol}//${slug}.${rootDomain}${hub.port ? `:${hub.port}` : ''}`
}

/**
 * One page of the table. The search matches name or slug (Payload's `like`: every word,
 * case-insensitive). With a provider filter the page is one of that provider's subscriptions,
 * joined to their schools (a school with two subscriptions at the provider would show twice;
 * the billing processor keeps one per school).
 * @throws CmsError when the cms cannot answer.
 */
export async function loadTenantPage(
  cms: CmsClient,
  query: TableQuery,
  site: { rootDomain: string; hubPublicUrl: string },
): Promise<TablePage> {
  // The plans are needed first only to filter by one; otherwise read them alongside the page.
  const plansRead = planPrices(cms)
  plansRead.catch(() => {}) // awaited below; this only keeps an early failure from going unhandled
  const plansForFilter = query.plan ? await plansRead : null
  // The school conditions, on `tenants` itself or, through `subscriptions`, on `tenant.<field>`.
  const conditions = (prefix: '' | 'tenant.'): Where[] => {
    const and: Where[] = []
    if (query.q) {
      and.push({
        or: [
          { [`${prefix}name`]: { like: query.q } },
          { [`${prefix}slug`]: { like: query.q.toLowerCase() } },
        ],
      })
    }
    if (query.status) and.push({ [`${prefix}status`]: { equals: query.status } })
    if (query.plan) {
      const plan = [...(plansForFilter?.values() ?? [])].find((p) => p.code === query.plan)
      // An unknown plan code matches nothing (not everything).
      and.push({ [`${prefix}plan`]: { equals: plan?.id ?? NO_ID } })
    }
    return and
  }
  let result: { docs: ReadonlyArray<Partial<Tenant>>; totalDocs: number; totalPages: number }
  if (query.provider) {
    // The provider is the subscription's: page through the provider's subscriptions, filtered
    // and sorted on their school's fields (the cms joins them), then read those schools. Not an
    // `in` list of school ids: a provider has thousands, past the cms's query-string limits.
    const field = query.sort.replace(/^-/, '')
    const subs = await cms.find('subscriptions', {
      where: { and: [{ provider: { equals: query.provider } }, ...conditions('tenant.')] },
      sort: `${query.sort.startsWith('-') ? '-' : ''}tenant.${field}`,
      limit: PAGE_SIZE,
      page: query.page,
      select: { tenant: true },
    })
    const order = subs.docs.map((s) => idOf(s.tenant)).filter((id): id is string => id !== null)
    const found = order.length
      ? await cms.find('tenants', {
          where: { id: { in: order } },
          limit: 0,
          select: { name: true, slug: true, status: true, plan: true, createdAt: true },
        })
      : { docs: [] }
    const byId = new Map(found.docs.map((t) => [t.id, t]))
    result = {
      docs: order.flatMap((id) => byId.get(id) ?? []),
      totalDocs: subs.totalDocs,
      totalPages: subs.totalPages,
    }
  } else {
    const and = conditions('')
    result = await cms.find('tenants', {
      where: and.length > 0 ? { and } : undefined,
      sort: query.sort,
      limit: PAGE_SIZE,
      page: query.page,
      select: { name: true, slug: true, status: true, plan: true, createdAt: true },
    })
  }
  const plans = await plansRead
  const tenants = picked<Tenant, 'name' | 'slug' | 'status' | 'plan' | 'createdAt'>(result.docs)
  const ids = tenants.map((t) => t.id)
  const [subs, runs] = ids.length
    ? await Promise.all([
        cms.find('subscriptions', {
          where: { tenant: { in: ids } },
          sort: '-updatedAt',
          limit: 0,
          select: { tenant: true, provider: true, status: true, plan: true },
        }),
        cms.find('provisioning-runs', {
          where: { tenant: { in: ids } },
          sort: '-createdAt',
          limit: 0,
          select: { tenant: true, action: true, status: true, createdAt: true },
        }),
      ])
    : [{ docs: [] }, { docs: [] }]
  const subOf = new Map<string, Pick<Subscription, 'id' | 'tenant' | 'provider' | 'status' | 'plan'>>()
  for (const sub of picked<Subscription, 'tenant' | 'provider' | 'status' | 'plan'>(subs.docs)) {
    const id = idOf(sub.tenant)
    if (id && !subOf.has(id)) subOf.set(id, sub)
  }
  const runOf = new Map<string, Pick<ProvisioningRun, 'id' | 'tenant' | 'action' | 'status' | 'createdAt'>>()
  for (const run of picked<ProvisioningRun, 'tenant' | 'action' | 'status' | 'createdAt'>(runs.docs)) {
    const id = idOf(run.tenant)
    if (id && !runOf.has(id)) runOf.set(id, run)
  }
  const rows = tenants.map((t): TenantRow => {
    const sub = subOf.get(t.id)
    const subPlan = sub ? plans.get(idOf(sub.plan) ?? '') : undefined
    const tenantPlan = plans.get(idOf(t.plan) ?? '')
    const minor = sub ? monthlyMinor(sub.status, subPlan) : 0
    const run = runOf.get(t.id)
    return {
      id: t.id,
      name: t.name,
      slug: t.slug,
      url: schoolUrl(t.slug, site.rootDomain, site.hubPublicUrl),
      status: t.status,
      plan: (subPlan ?? tenantPlan)?.name ?? null,
      provider: sub?.provider ?? null,
      subscriptionStatus: sub?.status ?? null,
      mrr: subPlan && minor > 0 ? { minor, currency: subPlan.currency.toUpperCase() } : null,
      createdAt: t.createdAt,
      lastRun: run ? { action: run.action, status: run.status, at: run.createdAt } : null,
    }
  })
  return {
    rows,
    total: result.totalDocs,
    page: query.page,
    pages: Math.max(1, result.totalPages),
    plans: [...plans.values()].map((p) => ({ code: p.code, name: p.name })),
  }
}
