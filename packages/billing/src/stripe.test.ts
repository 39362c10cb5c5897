import { describe, expect, it } from 'vitest'
import { BillingEventError } from './errors.ts'
import { REMOVE, withField } from './fixtures/builders.ts'
import {
  STRIPE_CUSTOMER_ID,
  STRIPE_PRICE_ID,
  STRIPE_SUBSCRIPTION_ID,
  stripeCheckoutPaymentMode,
  stripeCheckoutSessionCompleted,
  stripeCustomerCreated,
  stripeInvoicePaidBasil,
  stripeInvoicePaidOneOff,
  stripeInvoicePaymentFailedLegacy,
  stripeSubscriptionCreatedBasil,
  stripeSubscriptionDeletedBasil,
  stripeSubscriptionUpdatedLegacy,
  TENANT_ID,
} from './fixtures/stripe-payloads.ts'
import { normalizeStripeEvent } from './stripe.ts'
import type { NormalizedBillingEvent } from './types.ts'

const at = (unixSeconds: number) => new Date(unixSeconds * 1000)

// Each row: fixture payload → the complete normalised event.
const table: Array<[name: string, payload: unknown, expected: NormalizedBillingEvent]> = [
  [
    'checkout.session.completed (subscription mode, trial)',
    stripeCheckoutSessionCompleted,
    {
      provider: 'stripe',
      eventId: 'evt_1RVc2MLkdIwHu7ixT0a9sYbB',
      type: 'checkout.session.completed',
      occurredAt: at(1748854800),
      tenantId: TENANT_ID,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      objectUpdatedAt: null,
      change: { kind: 'checkout_completed' },
    },
  ],
  [
    'checkout.session.completed (payment mode) is ignored',
    stripeCheckoutPaymentMode,
    {
      provider: 'stripe',
      eventId: 'evt_1RVd0aLkdIwHu7ixK9l8M7n6',
      type: 'checkout.session.completed',
      occurredAt: at(1748854800),
      tenantId: TENANT_ID,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: null,
      objectUpdatedAt: null,
      change: { kind: 'ignored', reason: 'checkout session in payment mode' },
    },
  ],
  [
    'customer.subscription.created, basil layout (period on the item)',
    stripeSubscriptionCreatedBasil,
    {
      provider: 'stripe',
      eventId: 'evt_1RVc2LLkdIwHu7ixoM2kP4rQ',
      type: 'customer.subscription.created',
      occurredAt: at(1748854800),
      tenantId: TENANT_ID,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      objectUpdatedAt: null,
      change: {
        kind: 'snapshot',
        status: 'trialing',
        currentPeriodEnd: at(1750064400),
        trialEnd: at(1750064400),
        cancelAtPeriodEnd: false,
        planPriceId: STRIPE_PRICE_ID,
      },
    },
  ],
  [
    'customer.subscription.updated, 2024-06-20 layout (top-level period, expanded customer)',
    stripeSubscriptionUpdatedLegacy,
    {
      provider: 'stripe',
      eventId: 'evt_1Pn7R2LkdIwHu7ixh6GzQe0N',
      type: 'customer.subscription.updated',
      occurredAt: at(1719914400),
      tenantId: '5b0e7c1d-3a2f-4e6b-8c9d-0a1b2c3d4e5f',
      customerId: 'cus_QJ4h6PBeqVfQ9T',
      subscriptionId: 'sub_1PSQJ2LkdIwHu7ix3f8TXwZq',
      objectUpdatedAt: null,
      change: {
        kind: 'snapshot',
        status: 'past_due',
        currentPeriodEnd: at(1722589200),
        trialEnd: null,
        cancelAtPeriodEnd: false,
        planPriceId: 'price_1PSQHoLkdIwHu7ixy0lB7bFe',
      },
    },
  ],
  [
    'customer.subscription.deleted',
    stripeSubscriptionDeletedBasil,
    {
      provider: 'stripe',
      eventId: 'evt_1RtD9ALkdIwHu7ixM4bN8cVx',
      type: 'customer.subscription.deleted',
      occurredAt: at(1752656400),
      tenantId: TENANT_ID,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      objectUpdatedAt: null,
      change: {
        kind: 'snapshot',
        status: 'canceled',
        currentPeriodEnd: at(1752656400),
        trialEnd: at(1750064400),
        cancelAtPeriodEnd: true,
        planPriceId: STRIPE_PRICE_ID,
      },
    },
  ],
  [
    'invoice.paid, basil layout: period end from the line, not invoice.period_end',
    stripeInvoicePaidBasil,
    {
      provider: 'stripe',
      eventId: 'evt_1RZk4pLkdIwHu7ixGf5hJ6kL',
      type: 'invoice.paid',
      occurredAt: at(1750068000),
      tenantId: TENANT_ID,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      objectUpdatedAt: null,
      change: { kind: 'payment_succeeded', periodEnd: at(1752656400) },
    },
  ],
  [
    'invoice.payment_failed, 2024-06-20 layout (invoice.subscription, subscription_details.metadata)',
    stripeInvoicePaymentFailedLegacy,
    {
      provider: 'stripe',
      eventId: 'evt_1Pn7R1LkdIwHu7ixU3cX9vBn',
      type: 'invoice.payment_failed',
      occurredAt: at(1719914400),
      tenantId: '5b0e7c1d-3a2f-4e6b-8c9d-0a1b2c3d4e5f',
      customerId: 'cus_QJ4h6PBeqVfQ9T',
      subscriptionId: 'sub_1PSQJ2LkdIwHu7ix3f8TXwZq',
      objectUpdatedAt: null,
      change: { kind: 'payment_failed' },
    },
  ],
  [
    'invoice.paid without a subscription is ignored',
    stripeInvoicePaidOneOff,
    {
      provider: 'stripe',
      eventId: 'evt_1RZp0aLkdIwHu7ixC1d2E3f4',
      type: 'invoice.paid',
      occurredAt: at(1750070000),
      tenantId: null,
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: null,
      objectUpdatedAt: null,
      change: { kind: 'ignored', reason: 'invoice is not for a subscription' },
    },
  ],
  [
    'an unknown type is ignored',
    stripeCustomerCreated,
    {
      provider: 'stripe',
      eventId: 'evt_1RVc2JLkdIwHu7ixE5f6G7h8',
      type: 'customer.created',
      occurredAt: at(1748854790),
      tenantId: null,
      customerId: null,
      subscriptionId: null,
      objectUpdatedAt: null,
      change: { kind: 'ignored', reason: 'customer.created is not a billing event we act on' },
    },
  ],
]

describe('normalizeStripeEvent', () => {
  it.each(table)('%s', (_name, payload, expected) => {
    expect(normalizeStripeEvent(payload)).toEqual(expected)
  })

  it('labels sandbox events with the sandbox provider', () => {
    expect(normalizeStripeEvent(stripeSubscriptionCreatedBasil, { provider: 'sandbox' }).provider).toBe(
      'sandbox',
    )
  })

  it('falls back to client_reference_id for the tenant', () => {
    const payload = withField(stripeCheckoutSessionCompleted, 'data.object.metadata', {})
    expect(normalizeStripeEvent(payload).tenantId).toBe(TENANT_ID)
    const neither = withField(payload, 'data.object.client_reference_id', null)
    expect(normalizeStripeEvent(neither).tenantId).toBeNull()
  })

  it('reads the legacy top-level current_period_end before the items', () => {
    const payload = withField(stripeSubscriptionCreatedBasil, 'data.object.current_period_end', 1760000000)
    expect(normalizeStripeEvent(payload).change).toMatchObject({ currentPeriodEnd: at(1760000000) })
  })

  it('maps incomplete_expired to canceled', () => {
    const payload = withField(stripeSubscriptionUpdatedLegacy, 'data.object.status', 'incomplete_expired')
    expect(normalizeStripeEvent(payload).change).toMatchObject({ kind: 'snapshot', status: 'canceled' })
  })

  it('treats customer.subscription.deleted as canceled whatever the object says', () => {
    const payload = withField(stripeSubscriptionDeletedBasil, 'data.object.status', 'active')
    expect(normalizeStripeEvent(payload).change).toMatchObject({ kind: 'snapshot', status: 'canceled' })
  })
})

// Each row: payload with one broken field → expected error code and the field the message names.
const malformed: Array<[name: string, payload: unknown, code: string, field: string]> = [
  ['not an object', 'evt_1', 'invalid_envelope', '(root)'],
  ['event id missing', withField(stripeSubscriptionCreatedBasil, 'id', REMOVE), 'invalid_envelope', 'id'],
  [
    'created as a string',
    withField(stripeSubscriptionCreatedBasil, 'created', '2025-06-02'),
    'invalid_envelope',
    'created',
  ],
  ['data missing', withField(stripeSubscriptionCreatedBasil, 'data', REMOVE), 'invalid_payload', 'data'],
  [
    'data.object missing',
    withField(stripeSubscriptionCreatedBasil, 'data.object', REMOVE),
    'invalid_payload',
    'data.object',
  ],
  [
    'subscription status missing',
    withField(stripeSubscriptionCreatedBasil, 'data.object.status', REMOVE),
    'invalid_payload',
    'data.object.status',
  ],
  [
    'subscription status unknown',
    withField(stripeSubscriptionCreatedBasil, 'data.object.status', 'frozen'),
    'unknown_status',
    'data.object.status',
  ],
  [
    'subscription customer is a number',
    withField(stripeSubscriptionCreatedBasil, 'data.object.customer', 42),
    'invalid_payload',
    'data.object.customer',
  ],
  [
    'item period end in milliseconds as a string',
    withField(stripeSubscriptionCreatedBasil, 'data.object.items.data.0.current_period_end', '1750064400000'),
    'invalid_payload',
    'data.object.items.data.0.current_period_end',
  ],
  [
    'tenant id is not a string',
    withField(stripeSubscriptionCreatedBasil, 'data.object.metadata.tenant_id', 7),
    'invalid_payload',
    'data.object.metadata.tenant_id',
  ],
  [
    'subscription-mode checkout without a subscription',
    withField(stripeCheckoutSessionCompleted, 'data.object.subscription', null),
    'invalid_payload',
    'data.object.subscription',
  ],
  [
    'checkout without a mode',
    withField(stripeCheckoutSessionCompleted, 'data.object.mode', REMOVE),
    'invalid_payload',
    'data.object.mode',
  ],
  [
    'invoice line period end is a string',
    withField(stripeInvoicePaidBasil, 'data.object.lines.data.0.period.end', 'soon'),
    'invalid_payload',
    'data.object.lines.data.0.period.end',
  ],
  [
    'invoice parent subscription is a number',
    withField(stripeInvoicePaidBasil, 'data.object.parent.subscription_details.subscription', 5),
    'invalid_payload',
    'data.object.parent.subscription_details.subscription',
  ],
]

describe('normalizeStripeEvent on malformed payloads', () => {
  it.each(malformed)('%s → %s at %s', (_name, payload, code, field) => {
    let caught: unknown
    try {
      normalizeStripeEvent(payload)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(BillingEventError)
    const error = caught as BillingEventError
    expect(error.code).toBe(code)
    expect(error.message).toContain(`${field}:`)
  })

  it('names the event in the message and keeps its id and type', () => {
    const payload = withField(stripeSubscriptionCreatedBasil, 'data.object.status', 'frozen')
    expect(() => normalizeStripeEvent(payload)).toThrow(
      'stripe customer.subscription.created evt_1RVc2LLkdIwHu7ixoM2kP4rQ: data.object.status: unknown Stripe subscription status "frozen"',
    )
    try {
      normalizeStripeEvent(payload)
    } catch (error) {
      expect(error).toMatchObject({
        eventId: 'evt_1RVc2LLkdIwHu7ixoM2kP4rQ',
        eventType: 'customer.subscription.created',
      })
    }
  })

  it('does not validate the object of an event type it ignores', () => {
    const payload = withField(stripeCustomerCreated, 'data.object', 'garbage')
    expect(normalizeStripeEvent(payload).change.kind).toBe('ignored')
  })
})
