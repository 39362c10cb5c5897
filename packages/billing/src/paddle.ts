import type { SubscriptionStatus } from '@lyceum/domain'
import { z } from 'zod'
import { BillingEventError } from './errors.ts'
import { isoDate, latest, metadataTenantId, parseOrThrow, providerId } from './schema.ts'
import type { NormalizedBillingEvent, SubscriptionChange } from './types.ts'

/** Paddle Billing event types this package acts on; every other type normalises to `{ kind: 'ignored' }`. */
export const PADDLE_EVENT_TYPES = [
  'transaction.completed',
  'subscription.created',
  'subscription.trialing',
  'subscription.activated',
  'subscription.updated',
  'subscription.past_due',
  'subscription.paused',
  'subscription.resumed',
  'subscription.canceled',
] as const
export type PaddleEventType = (typeof PADDLE_EVENT_TYPES)[number]

/** Paddle Billing subscription status → ours (Paddle's five statuses are a subset of Stripe's). */
export const PADDLE_STATUS_MAP: Readonly<Record<string, SubscriptionStatus>> = {
  trialing: 'trialing',
  active: 'active',
  past_due: 'past_due',
  paused: 'paused',
  canceled: 'canceled',
}

const SUBSCRIPTION_EVENT_TYPES: ReadonlySet<string> = new Set(
  PADDLE_EVENT_TYPES.filter((type) => type.startsWith('subscription.')),
)

const envelopeSchema = z.object({
  event_id: providerId,
  event_type: z.string().min(1),
  occurred_at: isoDate,
  data: z.unknown().optional(),
})

const periodSchema = z.object({ starts_at: isoDate, ends_at: isoDate })

const subscriptionSchema = z.object({
  id: providerId,
  status: z.string().min(1),
  customer_id: providerId,
  custom_data: metadataTenantId,
  current_billing_period: periodSchema.nullish(),
  scheduled_change: z.object({ action: z.string().min(1), effective_at: isoDate.nullish() }).nullish(),
  updated_at: isoDate.nullish(),
  items: z
    .array(
      z.object({
        price: z.object({ id: providerId }).nullish(),
        trial_dates: z.object({ ends_at: isoDate.nullish() }).nullish(),
      }),
    )
    .nullish(),
})

const transactionSchema = z.object({
  id: providerId,
  subscription_id: providerId.nullish(),
  customer_id: providerId.nullish(),
  custom_data: metadataTenantId,
  billing_period: periodSchema.nullish(),
  updated_at: isoDate.nullish(),
})

/**
 * Parses one verified Paddle Billing webhook event into a {@link NormalizedBillingEvent}.
 *
 * Source of truth: Paddle Billing's notification payload `{ event_id: 'evt_…', event_type,
 * occurred_at, notification_id, data }` (`occurred_at` in ISO 8601) and its subscription and transaction entities.
 * Only the fields listed in the schemas are read.
 *
 * - `subscription.created|trialing|activated|updated|past_due|paused|resumed|canceled` → `snapshot`:
 *   `currentPeriodEnd` = `current_billing_period.ends_at` (null when paused or canceled),
 *   `trialEnd` = latest `items[].trial_dates.ends_at`, `cancelAtPeriodEnd` =
 *   `scheduled_change.action === 'cancel'`, `planPriceId` = `items[0].price.id`.
 * - `transaction.completed` with a `subscription_id` → `payment_succeeded` with
 *   `periodEnd` = `billing_period.ends_at`; without one (a one-off purchase) → `ignored`. Paddle has
 *   no separate checkout event: the first transaction of a checkout is this event too.
 * - `objectUpdatedAt` = `data.updated_at`, which orders events more precisely than `occurred_at`.
 * - Any other type (e.g. `transaction.payment_failed`, which `subscription.past_due` supersedes) → `ignored`.
 *
 * @param input the parsed JSON body, as stored in the inbox (already signature-verified).
 * @throws BillingEventError `invalid_envelope`, `invalid_payload` or `unknown_status` (see its docs).
 */
export function normalizePaddleEvent(input: unknown): NormalizedBillingEvent {
  const envelope = parseOrThrow(envelopeSchema, input, 'invalid_envelope', 'paddle event', '')
  const details = { eventId: envelope.event_id, eventType: envelope.event_type }
  const context = `paddle ${envelope.event_type} ${envelope.event_id}`
  const base = {
    provider: 'paddle',
    eventId: envelope.event_id,
    type: envelope.event_type,
    occurredAt: envelope.occurred_at,
  } as const
  const parseData = <S extends z.ZodType>(schema: S): z.output<S> =>
    parseOrThrow(schema, envelope.data, 'invalid_payload', context, 'data', details)

  if (SUBSCRIPTION_EVENT_TYPES.has(envelope.event_type)) {
    const subscription = parseData(subscriptionSchema)
    const items = subscription.items ?? []
    return {
      ...base,
      tenantId: subscription.custom_data,
      customerId: subscription.customer_id,
      subscriptionId: subscription.id,
      objectUpdatedAt: subscription.updated_at ?? null,
      change: {
        kind: 'snapshot',
        status: mapStatus(subscription.status, context, details),
        currentPeriodEnd: subscription.current_billing_period?.ends_at ?? null,
        trialEnd: latest(items.map((item) => item.trial_dates?.ends_at)),
        cancelAtPeriodEnd: subscription.scheduled_change?.action === 'cancel',
        planPriceId: items[0]?.price?.id ?? null,
      },
    }
  }
  if (envelope.event_type === 'transaction.completed') {
    const transaction = parseData(transactionSchema)
    const subscriptionId = transaction.subscription_id ?? null
    const change: SubscriptionChange =
      subscriptionId === null
        ? { kind: 'ignored', reason: 'transaction is not for a subscription' }
        : { kind: 'payment_succeeded', periodEnd: transaction.billing_period?.ends_at ?? null }
    return {
      ...base,
      tenantId: transaction.custom_data,
      customerId: transaction.customer_id ?? null,
      subscriptionId,
      objectUpdatedAt: transaction.updated_at ?? null,
      change,
    }
  }
  return {
    ...base,
    tenantId: null,
    customerId: null,
    subscriptionId: null,
    objectUpdatedAt: null,
    change: { kind: 'ignored', reason: `${envelope.event_type} is not a billing event we act on` },
  }
}

function mapStatus(
  status: string,
  context: string,
  details: { eventId: string; eventType: string },
): SubscriptionStatus {
  const mapped = Object.hasOwn(PADDLE_STATUS_MAP, status) ? PADDLE_STATUS_MAP[status] : undefined
  if (mapped === undefined) {
    throw new BillingEventError(
      'unknown_status',
      `${context}: data.status: unknown Paddle subscription status "${status}"`,
      { ...details, fields: ['data.status'] },
    )
  }
  return mapped
}
