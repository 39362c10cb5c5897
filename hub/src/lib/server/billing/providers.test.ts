/**
 * The Stripe and Paddle production paths, with each SDK pointed at a local HTTP server standing
 * in for the provider's API: the exact requests checkout sends (Checkout Session, transaction),
 * and the refetch of the current subscription that the billing job applies instead of the event.
 */
import { Paddle } from '@paddle/paddle-node-sdk'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { providerApi, type Seen } from '../../../../tests/support/provider-api.ts'
import { createPaddleCheckout, createStripeCheckout, PlanNotForSaleError } from './checkout.ts'
import { createRefetch } from './refetch.ts'

const api = providerApi()
const { seen, replies } = api

beforeAll(() => api.listen())
afterAll(() => api.close())
beforeEach(() => api.reset())

const stripeClient = () => {
  const { port } = api
  return new Stripe('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })
}
const paddleClient = () => new Paddle('pdl_test_local', { environment: api.base as never })

const TENANT = '6f1c2c4e-8d3b-4c55-9a51-0f3a7e2b9d10'
const plan = { code: 'pro', trialDays: 14, providerPrices: { stripe: 'price_1Pro', paddle: 'pri_01pro' } }
const input = {
  tenantId: TENANT,
  plan,
  email: 'owner@school.example',
  customerId: null,
  successUrl: `https://lyceum.example/schools/${TENANT}`,
  cancelUrl: `https://lyceum.example/checkout/${TENANT}`,
  locale: 'fr' as const,
}

describe('Stripe Checkout Session', () => {
  beforeEach(() => {
    replies.set('POST /v1/checkout/sessions', {
      id: 'cs_test_1',
      object: 'checkout.session',
      url: 'https://checkout.stripe.com/c/pay/cs_test_1',
    })
  })

  it('subscription mode, the plan price, its trial, the tenant id in every metadata, the buyer email', async () => {
    const url = await createStripeCheckout(stripeClient(), input)
    expect(url).toBe('https://checkout.stripe.com/c/pay/cs_test_1')
    expect(seen).toHaveLength(1)
    const request = seen[0] as Seen
    expect(request.headers.authorization).toBe('Bearer sk_test_local')
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      mode: 'subscription',
      'line_items[0][price]': 'price_1Pro',
      'line_items[0][quantity]': '1',
      client_reference_id: TENANT,
      'metadata[tenant_id]': TENANT,
      'metadata[tenantId]': TENANT,
      'subscription_data[metadata][tenant_id]': TENANT,
      'subscription_data[metadata][tenantId]': TENANT,
      'subscription_data[trial_period_days]': '14',
      customer_email: 'owner@school.example',
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      locale: 'fr',
    })
  })

  it('reuses the school’s customer and sends no trial for a plan without one', async () => {
    await createStripeCheckout(stripeClient(), {
      ...input,
      customerId: 'cus_Existing',
      plan: { ...plan, trialDays: 0 },
    })
    const form = new URLSearchParams(seen[0]?.body)
    expect(form.get('customer')).toBe('cus_Existing')
    expect(form.has('customer_email')).toBe(false)
    expect(form.has('subscription_data[trial_period_days]')).toBe(false)
  })

  it('refuses a plan without a Stripe price before calling Stripe', async () => {
    await expect(
      createStripeCheckout(stripeClient(), { ...input, plan: { ...plan, providerPrices: { stripe: null } } }),
    ).rejects.toBeInstanceOf(PlanNotForSaleError)
    expect(seen).toHaveLength(0)
  })
})

describe('Paddle transaction', () => {
  it('the plan price, the tenant id in custom_data, the customer reused; answers the checkout URL', async () => {
    replies.set('POST /transactions', {
      data: {
        id: 'txn_01test',
        status: 'ready',
        customer_id: 'ctm_01existing',
        custom_data: { tenant_id: TENANT, tenantId: TENANT },
        currency_code: 'EUR',
        origin: 'api',
        collection_mode: 'automatic',
        items: [],
        payments: [],
        checkout: { url: 'https://lyceum.example/pay?_ptxn=txn_01test' },
        created_at: '2026-01-05T09:00:00.000000Z',
        updated_at: '2026-01-05T09:00:00.000000Z',
      },
      meta: { request_id: 'req_test' },
    })
    const url = await createPaddleCheckout(paddleClient(), { ...input, customerId: 'ctm_01existing' })
    expect(url).toBe('https://lyceum.example/pay?_ptxn=txn_01test')
    expect(seen).toHaveLength(1)
    expect(seen[0]?.headers.authorization).toBe('bearer pdl_test_local')
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      items: [{ price_id: 'pri_01pro', quantity: 1 }],
      custom_data: { tenant_id: TENANT, tenantId: TENANT },
      customer_id: 'ctm_01existing',
    })
  })
})

describe('refetch of the current subscription', () => {
  const at = new Date('2026-02-01T10:00:00Z')
  const hint = (provider: 'stripe' | 'paddle') =>
    ({
      provider,
      eventId: 'evt_1',
      type: 'invoice.payment_failed',
      occurredAt: at,
      tenantId: TENANT,
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      objectUpdatedAt: null,
      change: { kind: 'payment_failed' },
    }) as const

  it('Stripe: GET /v1/subscriptions/:id, applied as a snapshot at the event’s time', async () => {
    replies.set('GET /v1/subscriptions/sub_1', {
      id: 'sub_1',
      object: 'subscription',
      customer: 'cus_1',
      status: 'past_due',
      cancel_at_period_end: false,
      trial_end: null,
      metadata: { tenant_id: TENANT },
      items: { object: 'list', data: [{ price: { id: 'price_1Pro' }, current_period_end: 1_772_000_000 }] },
    })
    const refetch = createRefetch({ stripe: stripeClient(), paddle: null })
    const current = await refetch(hint('stripe'))
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/subscriptions/sub_1'])
    expect(current).toMatchObject({
      provider: 'stripe',
      eventId: 'evt_1',
      occurredAt: at,
      tenantId: TENANT,
      subscriptionId: 'sub_1',
      change: { kind: 'snapshot', status: 'past_due', planPriceId: 'price_1Pro' },
    })
  })

  it('Paddle: GET /subscriptions/:id with the API key, versioned by the object’s updated_at', async () => {
    replies.set('GET /subscriptions/sub_1', {
      data: {
        id: 'sub_1',
        status: 'active',
        customer_id: 'ctm_1',
        custom_data: { tenant_id: TENANT },
        updated_at: '2026-02-01T10:00:05.123456Z',
        current_billing_period: { starts_at: '2026-02-01T00:00:00Z', ends_at: '2026-03-01T00:00:00Z' },
        items: [{ price: { id: 'pri_01pro' } }],
      },
    })
    const refetch = createRefetch({
      stripe: null,
      paddle: { apiKey: 'pdl_key', webhookSecret: 'x', environment: api.base },
    })
    const current = await refetch(hint('paddle'))
    expect(seen[0]?.headers.authorization).toBe('Bearer pdl_key')
    expect(current).toMatchObject({
      provider: 'paddle',
      objectUpdatedAt: new Date('2026-02-01T10:00:05.123Z'),
      change: { kind: 'snapshot', status: 'active', currentPeriodEnd: new Date('2026-03-01T00:00:00Z') },
    })
  })

  it('leaves sandbox events alone and fails loudly when the provider errs (the job retries)', async () => {
    const refetch = createRefetch({ stripe: stripeClient(), paddle: null })
    expect(await refetch({ ...hint('stripe'), provider: 'sandbox' })).toBeNull()
    await expect(refetch({ ...hint('stripe'), subscriptionId: 'sub_missing' })).rejects.toThrow()
  })
})
