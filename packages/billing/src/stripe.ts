import type { SubscriptionStatus } from '@lyceum/domain'
import { z } from 'zod'
import { BillingEventError } from './errors.ts'
import { latest, metadataTenantId, parseOrThrow, providerId, unixSeconds } from './schema.ts'
import type { NormalizedBillingEvent, SubscriptionChange } from './types.ts'

/** Providers whose webhooks use Stripe's event shape. The sandbox sends Stripe-shaped events. */
export type StripeShapedProvider = 'stripe' | 'sandbox'

/** Stripe event types this package acts on; every other type normalises to `{ kind: 'ignored' }`. */
export const STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const
export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number]

/**
 * Stripe subscription status → ours. `incomplete_expired` (the first payment never succeeded
 * within 23 hours; Stripe ends the subscription) is `canceled` for us.
 */
export const STRIPE_STATUS_MAP: Readonly<Record<string, SubscriptionStatus>> = {
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
  trialing: 'trialing',
  active: 'active',
  past_due: 'past_due',
  canceled: 'canceled',
  unpaid: 'unpaid',
  paused: 'paused',
}

/** An id field that Stripe may send expanded (`{ id, … }`) when the sender asked for expansion. */
const stripeRef = z
  .union([providerId, z.object({ id: providerId })])
  .transform((ref) => (typeof ref === 'string' ? ref : ref.id))

const envelopeSchema = z.object({
  id: providerId,
  type: z.string().min(1),
  created: unixSeconds,
  data: z.unknown().optional(),
})

const subscriptionSchema = z.object({
  id: providerId,
  status: z.string().min(1),
  customer: stripeRef,
  /** Until API version 2025-03-31.basil; since then it lives on each item. */
  current_period_end: unixSeconds.nullish(),
  trial_end: unixSeconds.nullish(),
  cancel_at_period_end: z.boolean().nullish(),
  metadata: metadataTenantId,
  items: z
    .object({
      data: z.array(
        z.object({
          current_period_end: unixSeconds.nullish(),
          price: z.object({ id: providerId }).nullish(),
        }),
      ),
    })
    .nullish(),
})

const checkoutSessionSchema = z.object({
  id: providerId,
  mode: z.string().min(1),
  customer: stripeRef.nullish(),
  subscription: stripeRef.nullish(),
  client_reference_id: z.string().nullish(),
  metadata: metadataTenantId,
})

const invoiceSchema = z.object({
  id: providerId,
  customer: stripeRef.nullish(),
  /** Until API version 2025-03-31.basil. */
  subscription: stripeRef.nullish(),
  /** Since 2025-03-31.basil: `parent.subscription_details.{subscription, metadata}`. */
  parent: z
    .object({
      subscription_details: z
        .object({ subscription: stripeRef.nullish(), metadata: metadataTenantId })
        .nullish(),
    })
    .nullish(),
  /** 2023-06 … 2025-03 API versions: a snapshot of the subscription's metadata. */
  subscription_details: z.object({ metadata: metadataTenantId }).nullish(),
  lines: z
    .object({ data: z.array(z.object({ period: z.object({ end: unixSeconds }).nullish() })) })
    .nullish(),
})

/** `data` must be an object with an `object` key before the object itself is checked. */
const dataSchema = z.object({ object: z.unknown() })

/**
 * Parses one verified Stripe (or sandbox) webhook event into a {@link NormalizedBillingEvent}.
 *
 * Source of truth: Stripe's event object `{ id: 'evt_…', type, created, data: { object } }` (`created` in unix seconds)
 * and the Checkout Session, Subscription and Invoice objects, in both the pre-2025 layout and the
 * `2025-03-31.basil`+ layout (`items.data[].current_period_end`, `invoice.parent.subscription_details`).
 * Only the fields listed in the schemas are read; anything else in the payload is ignored.
 *
 * - `checkout.session.completed` (mode `subscription`) → `checkout_completed`; tenant from
 *   `metadata.tenant_id`, else `client_reference_id`. Other modes → `ignored`.
 * - `customer.subscription.created|updated|deleted` → `snapshot`. `deleted` is always `canceled`
 *   (the event means the subscription has ended). `currentPeriodEnd` is the top-level
 *   `current_period_end` or else the latest `items.data[].current_period_end`.
 * - `invoice.paid` → `payment_succeeded`, `invoice.payment_failed` → `payment_failed`. The subscription
 *   is `parent.subscription_details.subscription` or the legacy `subscription`; invoices without one
 *   → `ignored`. `periodEnd` is the latest `lines.data[].period.end`, *not* `invoice.period_end`,
 *   which on a renewal invoice is the end of the period that just closed.
 * - Any other type → `{ kind: 'ignored' }`.
 *
 * @param input the parsed JSON body, as stored in the inbox (already signature-verified).
 * @param options.provider `'sandbox'` for the hub's sandbox provider; default `'stripe'`.
 * @throws BillingEventError `invalid_envelope` when id/type/created are unusable; `invalid_payload`
 *   when a supported event's object misses a field we read; `unknown_status` for a status not in
 *   {@link STRIPE_STATUS_MAP}.
 */
export function normalizeStripeEvent(
  input: unknown,
  options: { provider?: StripeShapedProvider } = {},
): NormalizedBillingEvent {
  const provider = options.provider ?? 'stripe'
  const envelope = parseOrThrow(envelopeSchema, input, 'invalid_envelope', `${provider} event`, '')
  const details = { eventId: envelope.id, eventType: envelope.type }
  const context = `${provider} ${envelope.type} ${envelope.id}`
  const base = {
    provider,
    eventId: envelope.id,
    type: envelope.type,
    occurredAt: envelope.created,
    objectUpdatedAt: null,
  } as const
  const parseObject = <S extends z.ZodType>(schema: S): z.output<S> => {
    const data = parseOrThrow(dataSchema, envelope.data, 'invalid_payload', context, 'data', details)
    return parseOrThrow(schema, data.object, 'invalid_payload', context, 'data.object', details)
  }

  switch (envelope.type) {
    case 'checkout.session.completed': {
      const session = parseObject(checkoutSessionSchema)
      const ids = {
        tenantId: session.metadata ?? (session.client_reference_id || null),
        customerId: session.customer ?? null,
        subscriptionId: session.subscription ?? null,
      }
      if (session.mode !== 'subscription') {
        return { ...base, ...ids, change: ignored(`checkout session in ${session.mode} mode`) }
      }
      if (ids.subscriptionId === null) {
        throw new BillingEventError(
          'invalid_payload',
          `${context}: data.object.subscription: a completed subscription-mode session must name its subscription`,
          { ...details, fields: ['data.object.subscription'] },
        )
      }
      return { ...base, ...ids, change: { kind: 'checkout_completed' } }
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = parseObject(subscriptionSchema)
      const items = subscription.items?.data ?? []
      const status =
        envelope.type === 'customer.subscription.deleted'
          ? 'canceled'
          : mapStatus(subscription.status, context, details)
      return {
        ...base,
        tenantId: subscription.metadata,
        customerId: subscription.customer,
        subscriptionId: subscription.id,
        change: {
          kind: 'snapshot',
          status,
          currentPeriodEnd:
            subscription.current_period_end ?? latest(items.map((item) => item.current_period_end)),
          trialEnd: subscription.trial_end ?? null,
          cancelAtPeriodEnd: subscription.cancel_at_period_end ?? false,
          planPriceId: items[0]?.price?.id ?? null,
        },
      }
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = parseObject(invoiceSchema)
      const parent = invoice.parent?.subscription_details
      const subscriptionId = parent?.subscription ?? invoice.subscription ?? null
      const ids = {
        tenantId: parent?.metadata ?? invoice.subscription_details?.metadata ?? null,
        customerId: invoice.customer ?? null,
        subscriptionId,
      }
      if (subscriptionId === null) {
        return { ...base, ...ids, change: ignored('invoice is not for a subscription') }
      }
      const change: SubscriptionChange =
        envelope.type === 'invoice.paid'
          ? {
              kind: 'payment_succeeded',
              periodEnd: latest((invoice.lines?.data ?? []).map((line) => line.period?.end)),
            }
          : { kind: 'payment_failed' }
      return { ...base, ...ids, change }
    }
    default:
      return {
        ...base,
        tenantId: null,
        customerId: null,
        subscriptionId: null,
        change: ignored(`${envelope.type} is not a billing event we act on`),
      }
  }
}

function ignored(reason: string): SubscriptionChange {
  return { kind: 'ignored', reason }
}

function mapStatus(
  status: string,
  context: string,
  details: { eventId: string; eventType: string },
): SubscriptionStatus {
  const mapped = Object.hasOwn(STRIPE_STATUS_MAP, status) ? STRIPE_STATUS_MAP[status] : undefined
  if (mapped === undefined) {
    throw new BillingEventError(
      'unknown_status',
      `${context}: data.object.status: unknown Stripe subscription status "${status}"`,
      { ...details, fields: ['data.object.status'] },
    )
  }
  return mapped
}
