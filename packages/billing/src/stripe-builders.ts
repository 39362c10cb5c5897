/**
 * Builders for Stripe-shaped webhook events. The hub's sandbox provider sends these instead of
 * Stripe; tests use them as fixtures. Output follows Stripe's documented event and object shapes
 * (only the commonly present fields), in the layout of the chosen API version.
 */

/** A Stripe event as JSON (what `normalizeStripeEvent` accepts). */
export type StripeEventJson = {
  id: string
  object: 'event'
  api_version: string
  created: number
  livemode: boolean
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
  data: { object: Record<string, unknown> }
}

/** Stripe's own subscription statuses (ours plus `incomplete_expired`). */
export type StripeSubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused'

/**
 * API version the builders imitate by default. From `2025-03-31.basil` on, Stripe moved
 * `current_period_end` onto subscription items and an invoice's subscription into
 * `parent.subscription_details`; pass an older version (e.g. `2024-06-20`) for the old layout.
 */
export const DEFAULT_STRIPE_API_VERSION = '2025-03-31.basil'

type Common = {
  /** Event id, `evt_…`; the inbox deduplicates on it, so make it unique. */
  eventId: string
  /** Event time; sent as unix seconds (sub-second precision is dropped, as Stripe does). */
  created: Date
  apiVersion?: string
  livemode?: boolean
}

/** Input of {@link buildStripeSubscriptionEvent}. */
export type StripeSubscriptionEventInput = Common & {
  type: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted'
  subscriptionId: string
  customerId: string
  status: StripeSubscriptionStatus
  currentPeriodStart?: Date
  currentPeriodEnd: Date
  trialEnd?: Date | null
  cancelAtPeriodEnd?: boolean
  priceId: string
  tenantId?: string | null
}

/** Input of {@link buildStripeCheckoutCompletedEvent}. */
export type StripeCheckoutCompletedEventInput = Common & {
  sessionId: string
  customerId: string
  subscriptionId: string
  tenantId?: string | null
  /** Stripe sets `payment_status` to `no_payment_required` when a trial starts without charge. */
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required'
}

/** Input of {@link buildStripeInvoiceEvent}. */
export type StripeInvoiceEventInput = Common & {
  type: 'invoice.paid' | 'invoice.payment_failed'
  invoiceId: string
  customerId: string
  subscriptionId: string
  tenantId?: string | null
  /** The subscription period the invoice bills (its line item's period). */
  periodStart: Date
  periodEnd: Date
  /** Amount in the currency's minor unit (cents). */
  amountDue?: number
  /** Why Stripe created the invoice; `subscription_create` for the first one (a trial's is 0). */
  billingReason?: 'subscription_create' | 'subscription_cycle' | 'subscription_update'
  currency?: string
}

/**
 * A `customer.subscription.created|updated|deleted` event carrying a Subscription object.
 * @returns JSON with `created`/period fields in unix seconds; `tenantId` goes to `metadata.tenant_id`.
 */
export function buildStripeSubscriptionEvent(input: StripeSubscriptionEventInput): StripeEventJson {
  const apiVersion = input.apiVersion ?? DEFAULT_STRIPE_API_VERSION
  const periodStart = unix(input.currentPeriodStart ?? input.created)
  const periodEnd = unix(input.currentPeriodEnd)
  const ended = input.status === 'canceled' || input.status === 'incomplete_expired'
  const item: Record<string, unknown> = {
    id: `si_${suffix(input.subscriptionId)}`,
    object: 'subscription_item',
    price: { id: input.priceId, object: 'price', recurring: { interval: 'month', interval_count: 1 } },
    quantity: 1,
    subscription: input.subscriptionId,
  }
  const periods = { current_period_start: periodStart, current_period_end: periodEnd }
  const subscription: Record<string, unknown> = {
    id: input.subscriptionId,
    object: 'subscription',
    status: input.status,
    customer: input.customerId,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: ended ? unix(input.created) : null,
    ended_at: ended ? unix(input.created) : null,
    collection_method: 'charge_automatically',
    livemode: input.livemode ?? false,
    metadata: input.tenantId ? { tenant_id: input.tenantId } : {},
    trial_end: input.trialEnd ? unix(input.trialEnd) : null,
    items: {
      object: 'list',
      data: [isBasilOrLater(apiVersion) ? { ...item, ...periods } : item],
      has_more: false,
    },
    ...(isBasilOrLater(apiVersion) ? {} : periods),
  }
  return envelope(input, input.type, subscription)
}

/**
 * A `checkout.session.completed` event for a Checkout Session in `subscription` mode.
 * `tenantId` goes to both `metadata.tenant_id` and `client_reference_id`, as the hub sets them.
 */
export function buildStripeCheckoutCompletedEvent(input: StripeCheckoutCompletedEventInput): StripeEventJson {
  return envelope(input, 'checkout.session.completed', {
    id: input.sessionId,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: input.paymentStatus ?? 'paid',
    customer: input.customerId,
    subscription: input.subscriptionId,
    client_reference_id: input.tenantId ?? null,
    metadata: input.tenantId ? { tenant_id: input.tenantId } : {},
    livemode: input.livemode ?? false,
  })
}

/**
 * An `invoice.paid` or `invoice.payment_failed` event for a subscription invoice, with one line
 * covering `periodStart`–`periodEnd`. The invoice's own `period_start`/`period_end` are set the way
 * Stripe sets them on renewals (the period that just ended), which is why readers use the lines.
 */
export function buildStripeInvoiceEvent(input: StripeInvoiceEventInput): StripeEventJson {
  const apiVersion = input.apiVersion ?? DEFAULT_STRIPE_API_VERSION
  const paid = input.type === 'invoice.paid'
  const amount = input.amountDue ?? 0
  const metadata = input.tenantId ? { tenant_id: input.tenantId } : {}
  const subscriptionLink = isBasilOrLater(apiVersion)
    ? {
        parent: {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { subscription: input.subscriptionId, metadata },
        },
      }
    : { subscription: input.subscriptionId, subscription_details: { metadata } }
  return envelope(input, input.type, {
    id: input.invoiceId,
    object: 'invoice',
    customer: input.customerId,
    status: paid ? 'paid' : 'open',
    billing_reason: input.billingReason ?? 'subscription_cycle',
    currency: input.currency ?? 'eur',
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    attempt_count: 1,
    period_start: 2 * unix(input.periodStart) - unix(input.periodEnd),
    period_end: unix(input.periodStart),
    lines: {
      object: 'list',
      data: [
        {
          id: `il_${suffix(input.invoiceId)}`,
          object: 'line_item',
          amount,
          period: { start: unix(input.periodStart), end: unix(input.periodEnd) },
        },
      ],
      has_more: false,
    },
    livemode: input.livemode ?? false,
    ...subscriptionLink,
  })
}

function envelope(input: Common, type: string, object: Record<string, unknown>): StripeEventJson {
  return {
    id: input.eventId,
    object: 'event',
    api_version: input.apiVersion ?? DEFAULT_STRIPE_API_VERSION,
    created: unix(input.created),
    livemode: input.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  }
}

function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

function suffix(id: string): string {
  const underscore = id.indexOf('_')
  return underscore === -1 ? id : id.slice(underscore + 1)
}

/** Stripe API versions are `YYYY-MM-DD[.name]`, so comparing the date part as text orders them. */
function isBasilOrLater(apiVersion: string): boolean {
  return apiVersion.slice(0, 10) >= '2025-03-31'
}
