/**
 * The portal's Stripe and Paddle requests, with each official SDK pointed at a local HTTP server
 * standing in for the provider's API: the exact requests of a plan change (with proration), its
 * preview, cancel at period end and its undo, the billing portal, and the invoices list.
 */
import { Paddle } from '@paddle/paddle-node-sdk'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { providerApi, type Seen } from '../../../../tests/support/provider-api.ts'
import { paddlePortal, stripePortal } from './providers.ts'

const api = providerApi()
const { seen, replies } = api

beforeAll(() => api.listen())
afterAll(() => api.close())
beforeEach(() => api.reset())

const stripe = () => {
  const { port } = api
  return stripePortal(
    new Stripe('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 }),
  )
}
const paddle = () => paddlePortal(new Paddle('pdl_test_local', { environment: api.base as never }))
const sub = { subscriptionId: 'sub_1', customerId: 'cus_1' }
/** A Paddle subscription with what the SDK's entity constructor reads. */
const paddleSubscription = {
  data: { id: 'sub_1', items: [], billing_cycle: { interval: 'month', frequency: 1 } },
}
const form = (s: Seen | undefined) => Object.fromEntries(new URLSearchParams(s?.body ?? ''))

describe('Stripe', () => {
  beforeEach(() => {
    replies.set('GET /v1/subscriptions/sub_1', {
      id: 'sub_1',
      object: 'subscription',
      customer: 'cus_1',
      items: {
        object: 'list',
        data: [{ id: 'si_1', object: 'subscription_item', price: { id: 'price_starter' } }],
      },
    })
  })

  it('changes the price of the subscription’s item with create_prorations', async () => {
    replies.set('POST /v1/subscriptions/sub_1', { id: 'sub_1', object: 'subscription' })
    await stripe().changePlan(sub, 'price_growth')
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /v1/subscriptions/sub_1',
      'POST /v1/subscriptions/sub_1',
    ])
    expect(form(seen[1])).toEqual({
      'items[0][id]': 'si_1',
      'items[0][price]': 'price_growth',
      proration_behavior: 'create_prorations',
    })
  })

  it('previews the change with invoices.createPreview and sums only the proration lines', async () => {
    replies.set('POST /v1/invoices/create_preview', {
      object: 'invoice',
      currency: 'eur',
      lines: {
        object: 'list',
        data: [
          { amount: -1450, parent: { subscription_item_details: { proration: true } } },
          { amount: 3950, parent: { subscription_item_details: { proration: true } } },
          { amount: 7900, parent: { subscription_item_details: { proration: false } } },
        ],
      },
    })
    expect(await stripe().previewChange(sub, 'price_growth')).toEqual({ amountMinor: 2500, currency: 'EUR' })
    expect(form(seen[1])).toEqual({
      customer: 'cus_1',
      subscription: 'sub_1',
      'subscription_details[items][0][id]': 'si_1',
      'subscription_details[items][0][price]': 'price_growth',
      'subscription_details[proration_behavior]': 'create_prorations',
    })
  })

  it('cancel at period end and its undo', async () => {
    replies.set('POST /v1/subscriptions/sub_1', { id: 'sub_1', object: 'subscription' })
    await stripe().setCancelAtPeriodEnd(sub, true)
    await stripe().setCancelAtPeriodEnd(sub, false)
    expect(seen.map((s) => form(s))).toEqual([
      { cancel_at_period_end: 'true' },
      { cancel_at_period_end: 'false' },
    ])
  })

  it('a Billing Portal session for the customer, back to the account page', async () => {
    replies.set('POST /v1/billing_portal/sessions', {
      object: 'billing_portal.session',
      url: 'https://billing.stripe.com/p/session/x',
    })
    const url = await stripe().billingPortalUrl(sub, 'https://lyceum.example/account/schools/t1')
    expect(url).toBe('https://billing.stripe.com/p/session/x')
    expect(form(seen[0])).toEqual({
      customer: 'cus_1',
      return_url: 'https://lyceum.example/account/schools/t1',
    })
  })

  it('lists the subscription’s invoices', async () => {
    replies.set('GET /v1/invoices', {
      object: 'list',
      has_more: false,
      data: [
        {
          id: 'in_2',
          number: 'ABC-0002',
          created: 1_772_000_000,
          currency: 'eur',
          status: 'paid',
          amount_paid: 7900,
          amount_due: 7900,
          billing_reason: 'subscription_cycle',
          hosted_invoice_url: 'https://invoice.stripe.com/i/2',
        },
        {
          id: 'in_1',
          number: null,
          created: 1_771_000_000,
          currency: 'eur',
          status: 'open',
          amount_paid: 0,
          amount_due: 2900,
          billing_reason: 'subscription_create',
          hosted_invoice_url: null,
        },
      ],
    })
    const invoices = await stripe().invoices(sub)
    expect(new URLSearchParams(seen[0]?.query).get('subscription')).toBe('sub_1')
    expect(invoices).toEqual([
      {
        id: 'ABC-0002',
        date: new Date(1_772_000_000_000).toISOString(),
        amountMinor: 7900,
        currency: 'EUR',
        status: 'paid',
        reason: 'cycle',
        url: 'https://invoice.stripe.com/i/2',
      },
      {
        id: 'in_1',
        date: new Date(1_771_000_000_000).toISOString(),
        amountMinor: 2900,
        currency: 'EUR',
        status: 'open',
        reason: 'create',
        url: null,
      },
    ])
  })
})

describe('Paddle', () => {
  it('changes the item with prorated_immediately', async () => {
    replies.set('PATCH /subscriptions/sub_1', paddleSubscription)
    await paddle().changePlan(sub, 'pri_growth')
    expect(seen[0]?.headers.authorization).toBe('bearer pdl_test_local')
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      items: [{ price_id: 'pri_growth', quantity: 1 }],
      proration_billing_mode: 'prorated_immediately',
    })
  })

  it('previews the change: a credit is negative', async () => {
    replies.set('PATCH /subscriptions/sub_1/preview', {
      data: {
        currency_code: 'EUR',
        items: [],
        update_summary: {
          credit: { amount: '3950', currency_code: 'EUR' },
          charge: { amount: '1450', currency_code: 'EUR' },
          result: { action: 'credit', amount: '2500', currency_code: 'EUR' },
        },
      },
    })
    expect(await paddle().previewChange(sub, 'pri_starter')).toEqual({ amountMinor: -2500, currency: 'EUR' })
    expect(JSON.parse(seen[0]?.body ?? '').proration_billing_mode).toBe('prorated_immediately')
  })

  it('cancels at the next billing period, and removes the scheduled change to undo it', async () => {
    replies.set('POST /subscriptions/sub_1/cancel', paddleSubscription)
    replies.set('PATCH /subscriptions/sub_1', paddleSubscription)
    await paddle().setCancelAtPeriodEnd(sub, true)
    await paddle().setCancelAtPeriodEnd(sub, false)
    expect(seen.map((s) => [`${s.method} ${s.path}`, JSON.parse(s.body)])).toEqual([
      ['POST /subscriptions/sub_1/cancel', { effective_from: 'next_billing_period' }],
      ['PATCH /subscriptions/sub_1', { scheduled_change: null }],
    ])
  })

  it('a customer portal session for the customer and this subscription', async () => {
    replies.set('POST /customers/cus_1/portal-sessions', {
      data: {
        id: 'cpls_1',
        customer_id: 'cus_1',
        urls: { general: { overview: 'https://customer-portal.paddle.com/cpl_1' }, subscriptions: [] },
        created_at: '2026-03-01T00:00:00Z',
      },
    })
    expect(await paddle().billingPortalUrl(sub, 'unused')).toBe('https://customer-portal.paddle.com/cpl_1')
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ subscription_ids: ['sub_1'] })
  })

  it('lists the subscription’s transactions as invoices', async () => {
    replies.set('GET /transactions', {
      data: [
        {
          id: 'txn_2',
          status: 'completed',
          invoice_number: '325-10566',
          currency_code: 'EUR',
          origin: 'subscription_recurring',
          billed_at: '2026-03-01T00:00:00Z',
          created_at: '2026-03-01T00:00:00Z',
          items: [],
          payments: [],
          details: { tax_rates_used: [], line_items: [], totals: { grand_total: '7900' } },
        },
      ],
      meta: { pagination: { per_page: 24, next: null, has_more: false, estimated_total: 1 } },
    })
    const invoices = await paddle().invoices(sub)
    const query = new URLSearchParams(seen[0]?.query)
    expect(query.get('subscription_id')).toBe('sub_1')
    expect(invoices).toEqual([
      {
        id: '325-10566',
        date: '2026-03-01T00:00:00Z',
        amountMinor: 7900,
        currency: 'EUR',
        status: 'paid',
        reason: 'cycle',
        url: null,
      },
    ])
  })
})
