import { describe, expect, it } from 'vitest'
import { normalizeStripeEvent } from './stripe.ts'
import {
  buildStripeCheckoutCompletedEvent,
  buildStripeInvoiceEvent,
  buildStripeSubscriptionEvent,
  DEFAULT_STRIPE_API_VERSION,
} from './stripe-builders.ts'

const created = new Date('2025-06-02T09:00:00.750Z')
const periodEnd = new Date('2025-07-02T09:00:00Z')
const subscriptionInput = {
  eventId: 'evt_1Sbx01LkdIwHu7ixAa1Bb2Cc',
  type: 'customer.subscription.updated',
  created,
  subscriptionId: 'sub_1Sbx01LkdIwHu7ixDd3Ee4Ff',
  customerId: 'cus_Sbx01Gg5Hh6Ii7',
  status: 'past_due',
  currentPeriodEnd: periodEnd,
  priceId: 'price_1Sbx01LkdIwHu7ixJj8Kk9Ll',
  tenantId: 'tenant-1',
} as const
const invoiceInput = {
  eventId: 'evt_1Sbx02LkdIwHu7ixMm0Nn1Oo',
  type: 'invoice.payment_failed',
  created,
  invoiceId: 'in_1Sbx02LkdIwHu7ixPp2Qq3Rr',
  customerId: 'cus_Sbx01Gg5Hh6Ii7',
  subscriptionId: 'sub_1Sbx01LkdIwHu7ixDd3Ee4Ff',
  tenantId: 'tenant-1',
  periodStart: new Date('2025-06-02T09:00:00Z'),
  periodEnd,
} as const

describe('Stripe event builders', () => {
  // Each row: API version → where the subscription period and the invoice's subscription live.
  const layouts = [
    [DEFAULT_STRIPE_API_VERSION, 'item', 'parent'],
    ['2024-06-20', 'top-level', 'invoice.subscription'],
  ] as const
  it.each(layouts)('%s puts the period on the %s and the invoice link in %s', (apiVersion, period, link) => {
    const subscription = buildStripeSubscriptionEvent({ ...subscriptionInput, apiVersion }).data.object
    const item = (subscription.items as { data: Array<Record<string, unknown>> }).data[0]
    expect('current_period_end' in subscription).toBe(period === 'top-level')
    expect(item !== undefined && 'current_period_end' in item).toBe(period === 'item')
    const invoice = buildStripeInvoiceEvent({ ...invoiceInput, apiVersion }).data.object
    expect('parent' in invoice).toBe(link === 'parent')
    expect('subscription' in invoice).toBe(link === 'invoice.subscription')
  })

  it.each(layouts)('%s round-trips through normalizeStripeEvent', (apiVersion) => {
    expect(normalizeStripeEvent(buildStripeSubscriptionEvent({ ...subscriptionInput, apiVersion }))).toEqual({
      provider: 'stripe',
      eventId: 'evt_1Sbx01LkdIwHu7ixAa1Bb2Cc',
      type: 'customer.subscription.updated',
      occurredAt: new Date('2025-06-02T09:00:00Z'),
      tenantId: 'tenant-1',
      customerId: 'cus_Sbx01Gg5Hh6Ii7',
      subscriptionId: 'sub_1Sbx01LkdIwHu7ixDd3Ee4Ff',
      objectUpdatedAt: null,
      change: {
        kind: 'snapshot',
        status: 'past_due',
        currentPeriodEnd: periodEnd,
        trialEnd: null,
        cancelAtPeriodEnd: false,
        planPriceId: 'price_1Sbx01LkdIwHu7ixJj8Kk9Ll',
      },
    })
    expect(normalizeStripeEvent(buildStripeInvoiceEvent({ ...invoiceInput, apiVersion }))).toMatchObject({
      tenantId: 'tenant-1',
      subscriptionId: 'sub_1Sbx01LkdIwHu7ixDd3Ee4Ff',
      change: { kind: 'payment_failed' },
    })
  })

  it('drops sub-second precision like Stripe', () => {
    expect(buildStripeSubscriptionEvent(subscriptionInput).created).toBe(1748854800)
  })

  it('sets the renewal invoice period to the period that just ended, and the line to the new one', () => {
    const invoice = buildStripeInvoiceEvent({ ...invoiceInput, type: 'invoice.paid' }).data.object
    expect(invoice).toMatchObject({
      status: 'paid',
      period_start: 1746262800,
      period_end: 1748854800,
      lines: { data: [{ period: { start: 1748854800, end: 1751446800 } }] },
    })
    expect(
      normalizeStripeEvent(buildStripeInvoiceEvent({ ...invoiceInput, type: 'invoice.paid' })).change,
    ).toEqual({
      kind: 'payment_succeeded',
      periodEnd,
    })
  })

  it('builds a completed subscription-mode checkout with the tenant in metadata and client_reference_id', () => {
    const event = buildStripeCheckoutCompletedEvent({
      eventId: 'evt_1Sbx03LkdIwHu7ixSs4Tt5Uu',
      created,
      sessionId: 'cs_test_b1Sbx03Vv6Ww7Xx8',
      customerId: 'cus_Sbx01Gg5Hh6Ii7',
      subscriptionId: 'sub_1Sbx01LkdIwHu7ixDd3Ee4Ff',
      tenantId: 'tenant-1',
    })
    expect(event.data.object).toMatchObject({
      mode: 'subscription',
      status: 'complete',
      client_reference_id: 'tenant-1',
      metadata: { tenant_id: 'tenant-1' },
    })
    expect(normalizeStripeEvent(event, { provider: 'sandbox' })).toMatchObject({
      provider: 'sandbox',
      tenantId: 'tenant-1',
      change: { kind: 'checkout_completed' },
    })
  })
})
