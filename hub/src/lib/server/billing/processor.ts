/**
 * The billing job: one inbox row → the school's subscription, audit log, lifecycle requests and
 * emails. Runs inside graphile-worker (worker.ts), one school's events at a time.
 *
 * Steps: load the row (done unless `pending`) → normalise it (`@lyceum/billing`) → when the
 * provider has an API key, replace the event by the provider's current subscription object →
 * resolve the school (event metadata, else the stored subscription with that provider id, else
 * the row's tenant) → `applyBillingEvent` → on a status change: cancel the school's deferred
 * lifecycle requests and queue the decision's (`requestLifecycle`) → store the subscription →
 * audit-log entries → "payment failed" / "subscription canceled" emails → mark the row.
 *
 * Crash safety: every write is idempotent or guarded by the state machine. Lifecycle requests go
 * first (their job keys collapse repeats); once the subscription is stored, a re-run of the same
 * event is `unchanged` and does nothing, so no request or email is ever sent twice by a re-run.
 */

import {
  applyBillingEvent,
  BillingEventError,
  type Decision,
  type LifecycleRequest,
  type NormalizedBillingEvent,
  normalizePaddleEvent,
  normalizeStripeEvent,
  type SubscriptionState,
} from '@lyceum/billing'
import type { BillingEvent, CmsClient, Plan, Subscription, Tenant } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import type { BillingProvider, Locale } from '@lyceum/domain'
import { type Mailer, paymentFailed, sendTemplate, subscriptionCanceled } from '@lyceum/mail'
import { cancelLifecycle, requestLifecycle } from '@lyceum/provisioner/engine'
import type pg from 'pg'
import type { BillingConfig } from './config.ts'
import { markInboxEvent } from './inbox.ts'
import { sandboxPriceId } from './sandbox-ids.ts'

/** Reads the provider's current subscription, as a normalised snapshot event (refetch.ts). */
export type Refetch = (event: NormalizedBillingEvent) => Promise<NormalizedBillingEvent | null>

export type ProcessorDeps = {
  cms: CmsClient
  /** The cms's PostgreSQL (the provisioner's lifecycle queue). */
  pool: pg.Pool
  config: Pick<BillingConfig, 'policy'>
  /** The hub's public origin, for links in emails. */
  hubPublicUrl: string
  mailer: Mailer | null
  /** Set when a provider API key is configured (see refetch.ts). */
  refetch?: Refetch | null
  now?: () => Date
  log?(message: string): void
}

/** What one run did, for logs and tests. */
export type ProcessResult = {
  outcome: BillingEvent['outcome']
  tenantId: string | null
  lifecycle: LifecycleRequest[]
  reason: string
}

const DEFERRED_ACTIONS = ['suspend', 'deprovision'] as const

const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null)

/**
 * Processes one inbox row. Safe to run again for the same row (a retried job, the sweep).
 * @throws on cms, database or provider API failures (graphile-worker retries the job); an event
 *   that can never be processed (invalid payload, no school) is marked `failed` instead.
 */
export async function processInboxEvent(inboxId: string, deps: ProcessorDeps): Promise<ProcessResult> {
  const { cms } = deps
  const row = await cms.findByID('billing-events', inboxId)
  if (!row) return { outcome: 'failed', tenantId: null, lifecycle: [], reason: 'no such inbox row' }
  if (row.outcome !== 'pending') {
    return { outcome: row.outcome, tenantId: idOf(row.tenant), lifecycle: [], reason: 'already processed' }
  }
  const fail = async (reason: string, tenantId: string | null = idOf(row.tenant)) => {
    await markInboxEvent(cms, inboxId, { outcome: 'failed', error: reason, tenantId })
    return { outcome: 'failed' as const, tenantId, lifecycle: [], reason }
  }

  let event: NormalizedBillingEvent
  try {
    event = normalize(row.provider, row.payload)
  } catch (error) {
    if (error instanceof BillingEventError) return fail(error.message)
    throw error
  }
  if (event.change.kind === 'ignored' || event.subscriptionId === null) {
    const reason = event.change.kind === 'ignored' ? event.change.reason : 'the event names no subscription'
    await markInboxEvent(cms, inboxId, { outcome: 'ignored', error: null, tenantId: idOf(row.tenant) })
    return { outcome: 'ignored', tenantId: idOf(row.tenant), lifecycle: [], reason }
  }
  if (deps.refetch) {
    const current = await deps.refetch(event)
    if (current) event = { ...current, tenantId: current.tenantId ?? event.tenantId }
  }

  const tenant = await resolveTenant(cms, event, idOf(row.tenant))
  if (!tenant) return fail(`no school found for ${event.provider} subscription ${event.subscriptionId}`)

  const stored = await loadSubscription(cms, tenant.id)
  const current = stored ? await toState(cms, stored) : null
  const now = deps.now?.() ?? new Date()
  const decision = applyBillingEvent(current, event, now, deps.config.policy)

  if (decision.outcome === 'applied' && decision.next) {
    if (decision.statusChanged) await submitLifecycle(deps.pool, tenant.id, decision.lifecycle)
    const saved = await saveSubscription(cms, tenant.id, stored, decision.next)
    // A plan change (the customer portal) moves the school's limits too: they are read from
    // `tenants.plan` (storage quota, seats, courses).
    const planId = idOf(saved.plan)
    if (planId && planId !== idOf(tenant.plan)) await cms.update('tenants', tenant.id, { plan: planId })
    await audit(cms, tenant.id, saved.id, event, current, decision)
    if (decision.statusChanged) await notify(deps, tenant, saved, decision, now)
  }
  await markInboxEvent(cms, inboxId, { outcome: decision.outcome, error: null, tenantId: tenant.id })
  return {
    outcome: decision.outcome,
    tenantId: tenant.id,
    lifecycle: decision.lifecycle,
    reason: decision.reason,
  }
}

function normalize(provider: BillingProvider, payload: unknown): NormalizedBillingEvent {
  return provider === 'paddle' ? normalizePaddleEvent(payload) : normalizeStripeEvent(payload, { provider })
}

/** The school an event is about: its metadata, else the subscription we know, else the inbox row's. */
async function resolveTenant(
  cms: CmsClient,
  event: NormalizedBillingEvent,
  fallback: string | null,
): Promise<Tenant | null> {
  const tried = new Set<string>()
  const attempt = async (id: string | null | undefined) => {
    if (!id || tried.has(id)) return null
    tried.add(id)
    return cms.findByID('tenants', id).catch((error: unknown) => {
      // A metadata value that is not a valid id reads as a validation error; it names no school.
      if (error && typeof error === 'object' && 'code' in error && error.code === 'validation') return null
      throw error
    })
  }
  const named = await attempt(event.tenantId)
  if (named) return named
  if (event.subscriptionId) {
    const { docs } = await cms.find('subscriptions', {
      where: {
        and: [
          { provider: { equals: event.provider } },
          { providerSubscriptionId: { equals: event.subscriptionId } },
        ],
      },
      limit: 1,
    })
    const known = await attempt(idOf(docs[0]?.tenant))
    if (known) return known
  }
  return attempt(fallback)
}

async function loadSubscription(cms: CmsClient, tenantId: string): Promise<Subscription | null> {
  const { docs } = await cms.find('subscriptions', {
    where: { tenant: { equals: tenantId } },
    sort: '-updatedAt',
    limit: 1,
  })
  return docs[0] ?? null
}

/** Plans change rarely (operators edit them in the cms); a minute of staleness is harmless here. */
const PLAN_CACHE_MS = 60_000
let planCache: { at: number; plans: Promise<Plan[]> } | null = null

async function allPlans(cms: CmsClient): Promise<Plan[]> {
  if (!planCache || Date.now() - planCache.at > PLAN_CACHE_MS) {
    const plans = cms.find('plans', { limit: 200 }).then((page) => page.docs)
    plans.catch(() => {
      planCache = null
    })
    planCache = { at: Date.now(), plans }
  }
  return planCache.plans
}

async function planOf(cms: CmsClient, id: string | null): Promise<Plan | null> {
  if (!id) return null
  return (await allPlans(cms)).find((plan) => plan.id === id) ?? cms.findByID('plans', id)
}

/** The provider price id of a plan (the sandbox uses `sandbox_<plan code>`). */
export function priceIdOf(plan: Plan, provider: BillingProvider): string | null {
  if (provider === 'sandbox') return sandboxPriceId(plan.code)
  return plan.providerPrices?.[provider] ?? null
}

async function planForPrice(
  cms: CmsClient,
  provider: BillingProvider,
  priceId: string | null,
): Promise<Plan | null> {
  if (!priceId) return null
  return (await allPlans(cms)).find((plan) => priceIdOf(plan, provider) === priceId) ?? null
}

async function toState(cms: CmsClient, doc: Subscription): Promise<SubscriptionState> {
  const plan = await planOf(cms, idOf(doc.plan))
  return {
    provider: doc.provider,
    customerId: doc.providerCustomerId ?? null,
    subscriptionId: doc.providerSubscriptionId ?? null,
    status: doc.status,
    currentPeriodEnd: dateOrNull(doc.currentPeriodEnd),
    trialEnd: dateOrNull(doc.trialEnd),
    cancelAtPeriodEnd: doc.cancelAtPeriodEnd ?? false,
    lastEventAt: dateOrNull(doc.lastEventAt),
    planPriceId: plan ? priceIdOf(plan, doc.provider) : null,
  }
}

async function saveSubscription(
  cms: CmsClient,
  tenantId: string,
  stored: Subscription | null,
  next: SubscriptionState,
): Promise<Subscription> {
  const plan = await planForPrice(cms, next.provider, next.planPriceId)
  const data = {
    provider: next.provider,
    providerCustomerId: next.customerId,
    providerSubscriptionId: next.subscriptionId,
    status: next.status,
    currentPeriodEnd: next.currentPeriodEnd?.toISOString() ?? null,
    trialEnd: next.trialEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: next.cancelAtPeriodEnd,
    lastEventAt: next.lastEventAt?.toISOString() ?? null,
    ...(plan ? { plan: plan.id } : {}),
  }
  return stored
    ? cms.update('subscriptions', stored.id, data)
    : cms.create('subscriptions', { ...data, tenant: tenantId })
}

/**
 * On a status change: the school's deferred requests (a grace-period suspend, a retention
 * deprovision) are void (lifecycle.ts contract), then the decision's requests are queued in order.
 */
async function submitLifecycle(pool: pg.Pool, tenantId: string, requests: LifecycleRequest[]): Promise<void> {
  for (const action of DEFERRED_ACTIONS) await cancelLifecycle(pool, { tenantId, action })
  for (const request of requests) {
    await requestLifecycle(pool, {
      tenantId,
      action: request.action,
      runAt: request.runAt,
      reason: request.reason.slice(0, 500),
    })
  }
}

async function audit(
  cms: CmsClient,
  tenantId: string,
  subscriptionId: string,
  event: NormalizedBillingEvent,
  before: SubscriptionState | null,
  decision: Decision,
): Promise<void> {
  const at = new Date().toISOString()
  const base = { actor: 'system', tenant: tenantId, target: `subscriptions:${subscriptionId}`, at }
  await cms.create('audit-log', {
    ...base,
    action: decision.statusChanged ? 'subscription.status_changed' : 'subscription.updated',
    details: {
      provider: event.provider,
      eventId: event.eventId,
      eventType: event.type,
      from: before?.status ?? null,
      to: decision.next?.status ?? null,
      reason: decision.reason,
    },
  })
  for (const request of decision.statusChanged ? decision.lifecycle : []) {
    await cms.create('audit-log', {
      ...base,
      action: 'tenant.lifecycle_requested',
      target: `tenants:${tenantId}`,
      details: {
        eventId: event.eventId,
        action: request.action,
        runAt: request.runAt.toISOString(),
        forStatus: request.forStatus,
        reason: request.reason,
      },
    })
  }
}

/** The school's admins' addresses (the owner is its first admin). */
export async function adminEmails(cms: CmsClient, tenantId: string): Promise<string[]> {
  const { docs } = await cms.find('users', {
    where: {
      and: [{ 'memberships.tenant': { equals: tenantId } }, { 'memberships.role': { equals: 'admin' } }],
    },
    limit: 20,
    select: { email: true, memberships: true },
  })
  return docs
    .filter((user) => (user.memberships ?? []).some((m) => idOf(m.tenant) === tenantId && m.role === 'admin'))
    .map((user) => user.email)
    .filter((email): email is string => typeof email === 'string')
}

/** "Payment failed" on entering past_due, "subscription canceled" on entering canceled. */
async function notify(
  deps: ProcessorDeps,
  tenant: Tenant,
  subscription: Subscription,
  decision: Decision,
  now: Date,
): Promise<void> {
  const status = decision.next?.status
  if (!deps.mailer || (status !== 'past_due' && status !== 'canceled')) return
  const log = deps.log ?? ((message: string) => console.error(message))
  try {
    const to = await adminEmails(deps.cms, tenant.id)
    if (to.length === 0) return
    const locale = (tenant.locale ?? 'en') as Locale
    const origin = deps.hubPublicUrl
    if (status === 'past_due') {
      const plan = await planOf(deps.cms, idOf(subscription.plan))
      await sendTemplate(
        deps.mailer,
        to,
        paymentFailed({
          locale,
          schoolName: tenant.name,
          amount: plan?.priceMinor ?? 0,
          currency: plan?.currency ?? 'EUR',
          portalUrl: `${origin}/schools/${tenant.id}`,
        }),
      )
    } else {
      await sendTemplate(
        deps.mailer,
        to,
        subscriptionCanceled({
          locale,
          schoolName: tenant.name,
          effectiveDate: now,
          resubscribeUrl: `${origin}/checkout/${tenant.id}`,
        }),
      )
    }
  } catch (error) {
    // The state is stored; a mail that cannot go out must not re-run the event (it would be
    // `unchanged` anyway). Logged for the operator.
    log(
      `[billing] could not email school ${tenant.id}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
