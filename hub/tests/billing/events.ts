/**
 * Event fixtures for the billing integration tests: one realistic history per provider that
 * covers every event type the issue lists, for a given school, plus the providers' signing
 * schemes (Stripe through its SDK; Paddle's documented `ts=…;h1=HMAC-SHA256(secret, "ts:body")`).
 */
import { createHmac, randomBytes } from 'node:crypto'
import {
  buildStripeCheckoutCompletedEvent,
  buildStripeInvoiceEvent,
  buildStripeSubscriptionEvent,
} from '@lyceum/billing'
import Stripe from 'stripe'

const DAY = 86_400_000
/** A fixed past instant: histories happen before processing, like a backlog. */
const T0 = new Date('2026-01-05T09:00:00Z')
const day = (n: number, seconds = 0) => new Date(T0.getTime() + n * DAY + seconds * 1000)

export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  })
}

export function paddleSignature(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const h1 = createHmac('sha256', secret).update(`${timestamp}:${payload}`).digest('hex')
  return `ts=${timestamp};h1=${h1}`
}

/** POSTs one event, signed, to the hub; returns the status and JSON body. */
export async function deliver(
  hubUrl: string,
  provider: 'stripe' | 'paddle',
  event: unknown,
  secret: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = JSON.stringify(event)
  const header: Record<string, string> =
    provider === 'stripe'
      ? { 'stripe-signature': stripeSignature(payload, secret) }
      : { 'paddle-signature': paddleSignature(payload, secret) }
  const response = await fetch(`${hubUrl}/api/webhooks/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...header },
    body: payload,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const uid = () => randomBytes(6).toString('hex')

/**
 * Stripe: checkout (trial) → subscription created (trialing) → trial invoice paid → trial ends,
 * active → renewal fails (invoice.payment_failed, past_due) → paid again (invoice.paid, active) →
 * canceled (customer.subscription.deleted). Ends `canceled`.
 */
export function stripeHistory(tenantId: string, priceId: string) {
  const ids = { customerId: `cus_${uid()}`, subscriptionId: `sub_${uid()}` }
  const sub = (n: number, type: 'created' | 'updated' | 'deleted', status: string, at: Date, end: Date) =>
    buildStripeSubscriptionEvent({
      eventId: `evt_${uid()}_${n}`,
      type: `customer.subscription.${type}`,
      created: at,
      ...ids,
      status: status as 'active',
      currentPeriodStart: new Date(end.getTime() - 30 * DAY),
      currentPeriodEnd: end,
      trialEnd: day(14),
      priceId,
      tenantId,
    })
  const invoice = (
    n: number,
    type: 'invoice.paid' | 'invoice.payment_failed',
    at: Date,
    start: Date,
    end: Date,
  ) =>
    buildStripeInvoiceEvent({
      eventId: `evt_${uid()}_${n}`,
      type,
      created: at,
      invoiceId: `in_${uid()}`,
      ...ids,
      tenantId,
      periodStart: start,
      periodEnd: end,
      amountDue: 2900,
    })
  const events = [
    buildStripeCheckoutCompletedEvent({
      eventId: `evt_${uid()}_1`,
      created: day(0),
      sessionId: `cs_test_${uid()}`,
      ...ids,
      tenantId,
      paymentStatus: 'no_payment_required',
    }),
    sub(2, 'created', 'trialing', day(0), day(14)),
    invoice(3, 'invoice.paid', day(0), day(0), day(14)),
    sub(4, 'updated', 'active', day(14), day(44)),
    invoice(5, 'invoice.payment_failed', day(44, 5), day(44), day(74)),
    sub(6, 'updated', 'past_due', day(44, 5), day(74)),
    invoice(7, 'invoice.paid', day(46), day(44), day(74)),
    sub(8, 'updated', 'active', day(46), day(74)),
    sub(9, 'deleted', 'canceled', day(60), day(74)),
  ]
  return { ...ids, events }
}

const paddleTime = (date: Date) => date.toISOString().replace('Z', '000Z')

/**
 * Paddle: transaction completed → subscription created (trialing) → activated → updated →
 * past_due → paused → resumed → canceled. Ends `canceled`.
 */
export function paddleHistory(tenantId: string, priceId: string) {
  const ids = { customerId: `ctm_${uid()}`, subscriptionId: `sub_${uid()}` }
  const subscription = (n: number, type: string, status: string, at: Date, end: Date | null) => ({
    event_id: `evt_${uid()}_${n}`,
    event_type: type,
    occurred_at: paddleTime(at),
    notification_id: `ntf_${uid()}`,
    data: {
      id: ids.subscriptionId,
      status,
      customer_id: ids.customerId,
      currency_code: 'EUR',
      updated_at: paddleTime(new Date(at.getTime() - 250)),
      current_billing_period: end
        ? { starts_at: paddleTime(new Date(end.getTime() - 30 * DAY)), ends_at: paddleTime(end) }
        : null,
      scheduled_change: null,
      items: [{ status: 'active', quantity: 1, price: { id: priceId }, trial_dates: null }],
      custom_data: { tenant_id: tenantId },
    },
  })
  const events = [
    {
      event_id: `evt_${uid()}_1`,
      event_type: 'transaction.completed',
      occurred_at: paddleTime(day(0)),
      notification_id: `ntf_${uid()}`,
      data: {
        id: `txn_${uid()}`,
        status: 'completed',
        subscription_id: ids.subscriptionId,
        customer_id: ids.customerId,
        custom_data: { tenant_id: tenantId },
        billing_period: { starts_at: paddleTime(day(0)), ends_at: paddleTime(day(14)) },
        updated_at: paddleTime(day(0)),
      },
    },
    subscription(2, 'subscription.created', 'trialing', day(0, 1), day(14)),
    subscription(3, 'subscription.activated', 'active', day(14), day(44)),
    subscription(4, 'subscription.updated', 'active', day(20), day(44)),
    subscription(5, 'subscription.past_due', 'past_due', day(44), day(74)),
    subscription(6, 'subscription.paused', 'paused', day(50), null),
    subscription(7, 'subscription.resumed', 'active', day(55), day(85)),
    subscription(8, 'subscription.canceled', 'canceled', day(60), null),
  ]
  return { ...ids, events }
}

/** mulberry32, so a failing order can be reproduced from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}
