import { describe, expect, it } from 'vitest'
import { BillingEventError } from './errors.ts'
import { day, paddleEvent, REMOVE, withField } from './fixtures/builders.ts'
import {
  PADDLE_CUSTOMER_ID,
  PADDLE_PRICE_ID,
  PADDLE_SUBSCRIPTION_ID,
  PADDLE_TENANT_ID,
  paddleCustomerCreated,
  paddleSubscriptionCanceled,
  paddleSubscriptionCreatedTrialing,
  paddleSubscriptionUpdatedScheduledCancel,
  paddleTransactionCompleted,
  paddleTransactionCompletedOneOff,
} from './fixtures/paddle-payloads.ts'
import { normalizePaddleEvent } from './paddle.ts'
import type { NormalizedBillingEvent } from './types.ts'

const d = (iso: string) => new Date(iso)

// Each row: fixture payload → the complete normalised event. Microseconds are cut to milliseconds.
const table: Array<[name: string, payload: unknown, expected: NormalizedBillingEvent]> = [
  [
    'subscription.created (trialing)',
    paddleSubscriptionCreatedTrialing,
    {
      provider: 'paddle',
      eventId: 'evt_01jwq40b1c3d5e7f9g1h3j5k7m',
      type: 'subscription.created',
      occurredAt: d('2025-06-02T09:00:01.482Z'),
      tenantId: PADDLE_TENANT_ID,
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      objectUpdatedAt: d('2025-06-02T09:00:00.911Z'),
      change: {
        kind: 'snapshot',
        status: 'trialing',
        currentPeriodEnd: d('2025-06-16T09:00:00.650Z'),
        trialEnd: d('2025-06-16T09:00:00.650Z'),
        cancelAtPeriodEnd: false,
        planPriceId: PADDLE_PRICE_ID,
      },
    },
  ],
  [
    'transaction.completed for a subscription',
    paddleTransactionCompleted,
    {
      provider: 'paddle',
      eventId: 'evt_01jwq40c9d1e3f5g7h9j1k3m5n',
      type: 'transaction.completed',
      occurredAt: d('2025-06-02T09:00:02.104Z'),
      tenantId: PADDLE_TENANT_ID,
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      objectUpdatedAt: d('2025-06-02T09:00:01.987Z'),
      change: { kind: 'payment_succeeded', periodEnd: d('2025-06-16T09:00:00.650Z') },
    },
  ],
  [
    'subscription.updated with a scheduled cancel',
    paddleSubscriptionUpdatedScheduledCancel,
    {
      provider: 'paddle',
      eventId: 'evt_01jxk2m4n6p8q0r2s4t6v8w0x2',
      type: 'subscription.updated',
      occurredAt: d('2025-07-01T14:22:10.335Z'),
      tenantId: PADDLE_TENANT_ID,
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      objectUpdatedAt: d('2025-07-01T14:22:09.870Z'),
      change: {
        kind: 'snapshot',
        status: 'active',
        currentPeriodEnd: d('2025-07-16T09:00:00.650Z'),
        trialEnd: d('2025-06-16T09:00:00.650Z'),
        cancelAtPeriodEnd: true,
        planPriceId: PADDLE_PRICE_ID,
      },
    },
  ],
  [
    'subscription.canceled (no billing period)',
    paddleSubscriptionCanceled,
    {
      provider: 'paddle',
      eventId: 'evt_01jyb7c9d1e3f5g7h9j1k3m5n7',
      type: 'subscription.canceled',
      occurredAt: d('2025-07-16T09:00:05.002Z'),
      tenantId: PADDLE_TENANT_ID,
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      objectUpdatedAt: d('2025-07-16T09:00:04.551Z'),
      change: {
        kind: 'snapshot',
        status: 'canceled',
        currentPeriodEnd: null,
        trialEnd: null,
        cancelAtPeriodEnd: false,
        planPriceId: PADDLE_PRICE_ID,
      },
    },
  ],
  [
    'transaction.completed without a subscription is ignored',
    paddleTransactionCompletedOneOff,
    {
      provider: 'paddle',
      eventId: 'evt_01jz0a2b4c6d8e0f2g4h6j8k0m',
      type: 'transaction.completed',
      occurredAt: d('2025-06-02T09:00:02.104Z'),
      tenantId: PADDLE_TENANT_ID,
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: null,
      objectUpdatedAt: d('2025-06-02T09:00:01.987Z'),
      change: { kind: 'ignored', reason: 'transaction is not for a subscription' },
    },
  ],
  [
    'an unknown type is ignored',
    paddleCustomerCreated,
    {
      provider: 'paddle',
      eventId: 'evt_01jwq3y6p8q0r2s4t6v8w0x2y4',
      type: 'customer.created',
      occurredAt: d('2025-06-02T08:59:30.000Z'),
      tenantId: null,
      customerId: null,
      subscriptionId: null,
      objectUpdatedAt: null,
      change: { kind: 'ignored', reason: 'customer.created is not a billing event we act on' },
    },
  ],
]

describe('normalizePaddleEvent', () => {
  it.each(table)('%s', (_name, payload, expected) => {
    expect(normalizePaddleEvent(payload)).toEqual(expected)
  })

  // Each row: Paddle event type and status → our status (every subscription event type we support).
  const statusRows = [
    ['subscription.created', 'active', 'active'],
    ['subscription.trialing', 'trialing', 'trialing'],
    ['subscription.activated', 'active', 'active'],
    ['subscription.updated', 'past_due', 'past_due'],
    ['subscription.past_due', 'past_due', 'past_due'],
    ['subscription.paused', 'paused', 'paused'],
    ['subscription.resumed', 'active', 'active'],
    ['subscription.canceled', 'canceled', 'canceled'],
  ] as const
  it.each(statusRows)('%s with status %s → snapshot %s', (eventType, status, expected) => {
    const event = normalizePaddleEvent(paddleEvent.subscription({ eventType, status }))
    expect(event.change).toMatchObject({ kind: 'snapshot', status: expected })
  })

  it('reads cancelAtPeriodEnd only from a scheduled cancel', () => {
    const pause = paddleEvent.subscription({ scheduledChange: { action: 'pause', effectiveAt: day(30) } })
    expect(normalizePaddleEvent(pause).change).toMatchObject({ cancelAtPeriodEnd: false })
    const cancel = paddleEvent.subscription({ scheduledChange: { action: 'cancel', effectiveAt: day(30) } })
    expect(normalizePaddleEvent(cancel).change).toMatchObject({ cancelAtPeriodEnd: true })
  })

  it('leaves objectUpdatedAt null when data.updated_at is absent', () => {
    const payload = withField(paddleSubscriptionCreatedTrialing, 'data.updated_at', REMOVE)
    expect(normalizePaddleEvent(payload).objectUpdatedAt).toBeNull()
  })
})

// Each row: payload with one broken field → expected error code and the field the message names.
const malformed: Array<[name: string, payload: unknown, code: string, field: string]> = [
  ['not an object', null, 'invalid_envelope', '(root)'],
  [
    'event_id missing',
    withField(paddleSubscriptionCreatedTrialing, 'event_id', REMOVE),
    'invalid_envelope',
    'event_id',
  ],
  [
    'occurred_at not a timestamp',
    withField(paddleSubscriptionCreatedTrialing, 'occurred_at', 'yesterday'),
    'invalid_envelope',
    'occurred_at',
  ],
  ['data missing', withField(paddleSubscriptionCreatedTrialing, 'data', REMOVE), 'invalid_payload', 'data'],
  [
    'status missing',
    withField(paddleSubscriptionCreatedTrialing, 'data.status', REMOVE),
    'invalid_payload',
    'data.status',
  ],
  [
    'status unknown',
    withField(paddleSubscriptionCreatedTrialing, 'data.status', 'inactive'),
    'unknown_status',
    'data.status',
  ],
  [
    'customer_id missing',
    withField(paddleSubscriptionCreatedTrialing, 'data.customer_id', REMOVE),
    'invalid_payload',
    'data.customer_id',
  ],
  [
    'billing period end not a timestamp',
    withField(paddleSubscriptionCreatedTrialing, 'data.current_billing_period.ends_at', 1750064400),
    'invalid_payload',
    'data.current_billing_period.ends_at',
  ],
  [
    'tenant id not a string',
    withField(paddleSubscriptionCreatedTrialing, 'data.custom_data.tenant_id', { id: 1 }),
    'invalid_payload',
    'data.custom_data.tenant_id',
  ],
  [
    'transaction subscription_id is a number',
    withField(paddleTransactionCompleted, 'data.subscription_id', 12),
    'invalid_payload',
    'data.subscription_id',
  ],
  [
    'transaction id missing',
    withField(paddleTransactionCompleted, 'data.id', REMOVE),
    'invalid_payload',
    'data.id',
  ],
]

describe('normalizePaddleEvent on malformed payloads', () => {
  it.each(malformed)('%s → %s at %s', (_name, payload, code, field) => {
    let caught: unknown
    try {
      normalizePaddleEvent(payload)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(BillingEventError)
    const error = caught as BillingEventError
    expect(error.code).toBe(code)
    expect(error.message).toContain(`${field}:`)
  })

  it('names the event in the message', () => {
    const payload = withField(paddleSubscriptionCreatedTrialing, 'data.status', 'inactive')
    expect(() => normalizePaddleEvent(payload)).toThrow(
      'paddle subscription.created evt_01jwq40b1c3d5e7f9g1h3j5k7m: data.status: unknown Paddle subscription status "inactive"',
    )
  })
})
