/**
 * The customer portal (`/account`): what a school owner sees of their schools and the changes they
 * may ask for. The owner check is `findOwnSchool` (schools.ts) in every route before any of this
 * runs. Source of truth: the cms (schools, plans, the `subscriptions` row the webhooks keep) and,
 * for invoices and changes, the provider holding the subscription (decision 090).
 */
import type { CmsClient, Plan, Subscription, Tenant } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import type { BillingProvider, SubscriptionStatus } from '@lyceum/domain'
import type { Paddle } from '@paddle/paddle-node-sdk'
import type Stripe from 'stripe'
import type { BillingConfig } from '../billing/config.ts'
import { latestSubscription, sandboxSubscriptionOf } from '../billing/pages.ts'
import { priceIdOf } from '../billing/processor.ts'
import { sendSandboxEvents } from '../billing/sandbox.ts'
import { schoolUrl } from '../progress.ts'
import { type Proration, prorate } from './proration.ts'
import {
  type ChangePreview,
  type PortalBilling,
  type PortalInvoice,
  paddlePortal,
  stripePortal,
} from './providers.ts'
import { sandboxCancelAtPeriodEndEvents, sandboxInvoices, sandboxPlanChangeEvents } from './sandbox.ts'
import { exceededLimits, type LimitName, schoolUsage } from './usage.ts'

/** The signed-in account. */
export type Owner = { id: string; email: string }

export type PortalDeps = {
  cms: CmsClient
  config: Pick<BillingConfig, 'stripe' | 'paddle' | 'sandbox'>
  stripe: Stripe | null
  paddle: Paddle | null
  hubPublicUrl: string
  /** Where the sandbox posts its events: this hub's own origin (the request's). */
  origin: string
  now?: () => Date
  /** How long a sandbox change waits for its events to be applied before answering (ms). */
  settleMs?: number
}

/** The schools `owner` is an admin of, by name. @throws CmsError. */
export async function ownedSchools(cms: CmsClient, owner: Owner): Promise<Tenant[]> {
  const user = await cms.findByID('users', owner.id, { depth: 0 })
  const ids = (user?.memberships ?? [])
    .filter((m) => m.role === 'admin')
    .map((m) => idOf(m.tenant))
    .filter((id): id is string => id !== null)
  if (ids.length === 0) return []
  const { docs } = await cms.find('tenants', {
    where: { id: { in: ids } },
    sort: 'name',
    limit: 100,
    depth: 0,
  })
  return docs
}

/** Active plans, cheapest first. */
export async function activePlans(cms: CmsClient): Promise<Plan[]> {
  const { docs } = await cms.find('plans', {
    where: { active: { equals: true } },
    sort: 'sortOrder',
    limit: 50,
  })
  return docs
}

/** The school's subscription as the page shows it. */
export type SubscriptionView = {
  id: string
  provider: BillingProvider
  status: SubscriptionStatus
  planId: string | null
  currentPeriodEnd: string | null
  trialEnd: string | null
  cancelAtPeriodEnd: boolean
}

export type SchoolView = {
  school: { id: string; name: string; slug: string; status: Tenant['status']; url: string }
  plan: Pick<Plan, 'id' | 'code' | 'name' | 'priceMinor' | 'currency' | 'interval'> | null
  subscription: SubscriptionView | null
  plans: Array<Pick<Plan, 'id' | 'code' | 'name' | 'priceMinor' | 'currency' | 'interval' | 'limits'>>
}

const planView = (plan: Plan) => ({
  id: plan.id,
  code: plan.code,
  name: plan.name,
  priceMinor: plan.priceMinor,
  currency: plan.currency,
  interval: plan.interval,
  limits: plan.limits,
})

/** What the school page shows (not the invoices: see {@link listInvoices}). @throws CmsError. */
export async function schoolView(
  deps: Pick<PortalDeps, 'cms' | 'hubPublicUrl'>,
  school: Tenant,
): Promise<SchoolView> {
  const [subscription, plans] = await Promise.all([
    latestSubscription(deps.cms, school.id),
    activePlans(deps.cms),
  ])
  const planId = idOf(subscription?.plan) ?? idOf(school.plan)
  const plan =
    plans.find((p) => p.id === planId) ?? (planId ? await deps.cms.findByID('plans', planId) : null)
  return {
    school: {
      id: school.id,
      name: school.name,
      slug: school.slug,
      status: school.status,
      url: schoolUrl(deps.hubPublicUrl, school.slug),
    },
    plan: plan ? planView(plan) : null,
    subscription: subscription ? subscriptionView(subscription) : null,
    plans: plans.map(planView),
  }
}

function subscriptionView(doc: Subscription): SubscriptionView {
  return {
    id: doc.id,
    provider: doc.provider,
    status: doc.status,
    planId: idOf(doc.plan),
    currentPeriodEnd: doc.currentPeriodEnd ?? null,
    trialEnd: doc.trialEnd ?? null,
    cancelAtPeriodEnd: doc.cancelAtPeriodEnd ?? false,
  }
}

/** Subscriptions the owner can still change (a canceled one is over; an incomplete one never started). */
const CHANGEABLE: ReadonlySet<SubscriptionStatus> = new Set(['trialing', 'active', 'past_due'])

/** Why a request cannot go ahead; the page turns each into a message. */
export type RefusalCode =
  | 'no_subscription'
  | 'not_changeable'
  | 'unknown_plan'
  | 'same_plan'
  | 'not_for_sale'
  | 'limits'
  | 'provider_off'
  | 'already'

export class PortalRefusal extends Error {
  override name = 'PortalRefusal'
  readonly code: RefusalCode
  /** With `limits`: the limits of the target plan the school already exceeds. */
  readonly limits: LimitName[]
  constructor(code: RefusalCode, limits: LimitName[] = []) {
    super(code)
    this.code = code
    this.limits = limits
  }
}

type Loaded = { subscription: Subscription; billing: PortalBilling | 'sandbox' }

async function loadChangeable(deps: PortalDeps, tenantId: string): Promise<Loaded> {
  const subscription = await latestSubscription(deps.cms, tenantId)
  if (!subscription?.providerSubscriptionId) throw new PortalRefusal('no_subscription')
  if (!CHANGEABLE.has(subscription.status)) throw new PortalRefusal('not_changeable')
  return { subscription, billing: billingOf(deps, subscription.provider) }
}

function billingOf(deps: PortalDeps, provider: BillingProvider): PortalBilling | 'sandbox' {
  if (provider === 'stripe' && deps.stripe) return stripePortal(deps.stripe)
  if (provider === 'paddle' && deps.paddle) return paddlePortal(deps.paddle)
  if (provider === 'sandbox' && deps.config.sandbox) return 'sandbox'
  throw new PortalRefusal('provider_off')
}

const providerSub = (s: Subscription) => ({
  subscriptionId: s.providerSubscriptionId ?? '',
  customerId: s.providerCustomerId ?? null,
})

/** A checked plan change: the target plan, its provider price, and the proration preview. */
export type PlanChange = { plan: Plan; priceId: string; preview: ChangePreview; proration: Proration | null }

/**
 * Checks a change to the active plan `planCode` and previews its proration (from the provider;
 * computed for the sandbox). Refuses a plan whose limits the school already exceeds.
 * @throws PortalRefusal; CmsError; the provider's errors.
 */
export async function previewPlanChange(
  deps: PortalDeps,
  tenantId: string,
  planCode: string,
): Promise<PlanChange> {
  const { subscription, billing } = await loadChangeable(deps, tenantId)
  const plans = await activePlans(deps.cms)
  const plan = plans.find((p) => p.code === planCode)
  if (!plan) throw new PortalRefusal('unknown_plan')
  const currentId = idOf(subscription.plan)
  if (plan.id === currentId) throw new PortalRefusal('same_plan')
  const over = exceededLimits(await schoolUsage(deps.cms, tenantId), plan)
  if (over.length > 0) throw new PortalRefusal('limits', over)
  const priceId = priceIdOf(plan, subscription.provider)
  if (!priceId) throw new PortalRefusal('not_for_sale')
  if (billing !== 'sandbox') {
    return {
      plan,
      priceId,
      preview: await billing.previewChange(providerSub(subscription), priceId),
      proration: null,
    }
  }
  const current =
    plans.find((p) => p.id === currentId) ?? (currentId ? await deps.cms.findByID('plans', currentId) : null)
  const proration = prorate({
    from: current ?? { priceMinor: 0, interval: 'month' },
    to: plan,
    periodEnd: subscription.currentPeriodEnd ? new Date(subscription.currentPeriodEnd) : null,
    trialing: subscription.status === 'trialing',
    now: deps.now?.() ?? new Date(),
  })
  return {
    plan,
    priceId,
    preview: { amountMinor: proration.amountMinor, currency: plan.currency },
    proration,
  }
}

/**
 * Changes the plan (after the same checks as the preview), then audit-logs
 * `account.plan_change_requested`. Stripe/Paddle: the provider's update with proration; the
 * subscription row follows when its webhook arrives. Sandbox: its events go through the webhook
 * endpoint now, and this waits (bounded) until they are applied.
 * @throws PortalRefusal; CmsError; the provider's errors.
 */
export async function changePlan(deps: PortalDeps, owner: Owner, tenantId: string, planCode: string) {
  const change = await previewPlanChange(deps, tenantId, planCode)
  const { subscription, billing } = await loadChangeable(deps, tenantId)
  if (billing === 'sandbox') {
    const current = await sandboxSubscriptionOf(deps.cms, tenantId)
    if (!current) throw new PortalRefusal('no_subscription')
    await sendAndSettle(
      deps,
      tenantId,
      sandboxPlanChangeEvents(current, change.plan, change.preview.amountMinor, now(deps)),
    )
  } else {
    await billing.changePlan(providerSub(subscription), change.priceId)
  }
  await audit(
    deps.cms,
    owner,
    tenantId,
    'account.plan_change_requested',
    `subscriptions:${subscription.id}`,
    {
      provider: subscription.provider,
      from: idOf(subscription.plan),
      to: change.plan.id,
      planCode: change.plan.code,
      prorationMinor: change.preview.amountMinor,
      currency: change.preview.currency,
    },
  )
  return change
}

/**
 * Cancels at the end of the period (`cancel`) or undoes it, then audit-logs
 * `account.cancel_requested` / `account.resume_requested`.
 * @throws PortalRefusal (`already` when there is nothing to do); CmsError; the provider's errors.
 */
export async function setCancelAtPeriodEnd(
  deps: PortalDeps,
  owner: Owner,
  tenantId: string,
  cancel: boolean,
) {
  const { subscription, billing } = await loadChangeable(deps, tenantId)
  if ((subscription.cancelAtPeriodEnd ?? false) === cancel) throw new PortalRefusal('already')
  if (billing === 'sandbox') {
    const current = await sandboxSubscriptionOf(deps.cms, tenantId)
    if (!current) throw new PortalRefusal('no_subscription')
    await sendAndSettle(deps, tenantId, sandboxCancelAtPeriodEndEvents(current, cancel, now(deps)))
  } else {
    await billing.setCancelAtPeriodEnd(providerSub(subscription), cancel)
  }
  await audit(
    deps.cms,
    owner,
    tenantId,
    cancel ? 'account.cancel_requested' : 'account.resume_requested',
    `subscriptions:${subscription.id}`,
    { provider: subscription.provider, periodEnd: subscription.currentPeriodEnd ?? null },
  )
}

/**
 * The provider's billing portal for the school's customer (sandbox: its own page), audit-logged
 * as `account.billing_portal_opened`.
 * @throws PortalRefusal; CmsError; the provider's errors.
 */
export async function billingPortalUrl(deps: PortalDeps, owner: Owner, tenantId: string, returnUrl: string) {
  const subscription = await latestSubscription(deps.cms, tenantId)
  if (!subscription?.providerSubscriptionId) throw new PortalRefusal('no_subscription')
  const billing = billingOf(deps, subscription.provider)
  const url =
    billing === 'sandbox'
      ? `/sandbox/billing/${tenantId}`
      : await billing.billingPortalUrl(providerSub(subscription), returnUrl)
  await audit(
    deps.cms,
    owner,
    tenantId,
    'account.billing_portal_opened',
    `subscriptions:${subscription.id}`,
    {
      provider: subscription.provider,
    },
  )
  return url
}

/**
 * The school's invoices, newest first: from the provider (Stripe `invoices.list`, Paddle
 * `transactions.list`) or, for the sandbox, from its recorded events. Empty without a subscription.
 * @throws CmsError; the provider's errors.
 */
export async function listInvoices(deps: PortalDeps, tenantId: string): Promise<PortalInvoice[]> {
  const subscription = await latestSubscription(deps.cms, tenantId)
  if (!subscription?.providerSubscriptionId) return []
  if (subscription.provider === 'sandbox') return sandboxInvoices(deps.cms, tenantId)
  const billing = billingOf(deps, subscription.provider)
  return billing === 'sandbox' ? [] : billing.invoices(providerSub(subscription))
}

/** Writes one audit-log entry for the owner's action. @throws CmsError. */
export async function audit(
  cms: CmsClient,
  owner: Owner,
  tenantId: string,
  action: string,
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await cms.create('audit-log', {
    actor: `user:${owner.id}`,
    tenant: tenantId,
    action,
    target,
    at: new Date().toISOString(),
    details: { ...details, by: owner.email },
  })
}

const now = (deps: PortalDeps) => deps.now?.() ?? new Date()

/**
 * Sends sandbox events to this hub's webhook endpoint, then waits until the worker applied the
 * last one (the subscription's `lastEventAt` reaches its time), at most `settleMs` (8 s): the
 * page then shows the new state. If the worker is slower, the page shows it on the next load.
 */
async function sendAndSettle(
  deps: PortalDeps,
  tenantId: string,
  events: Parameters<typeof sendSandboxEvents>[2],
) {
  const secret = deps.config.sandbox?.webhookSecret
  if (!secret) throw new PortalRefusal('provider_off')
  await sendSandboxEvents(deps.origin, secret, events)
  const last = events.at(-1)
  if (!last) return
  const target = last.created * 1000
  const deadline = Date.now() + (deps.settleMs ?? 8_000)
  while (Date.now() < deadline) {
    const subscription = await latestSubscription(deps.cms, tenantId)
    const applied = subscription?.lastEventAt ? new Date(subscription.lastEventAt).getTime() : 0
    if (applied >= target) return
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}
