import type { SubscriptionStatus } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import { day, paddleEvent, stripeEvent, subscriptionState } from './fixtures/builders.ts'
import { PADDLE_CUSTOMER_ID, PADDLE_PRICE_ID, PADDLE_SUBSCRIPTION_ID } from './fixtures/paddle-payloads.ts'
import { STRIPE_CUSTOMER_ID, STRIPE_SUBSCRIPTION_ID } from './fixtures/stripe-payloads.ts'
import { DEFAULT_BILLING_POLICY } from './lifecycle.ts'
import { normalizePaddleEvent } from './paddle.ts'
import { normalizeStripeEvent } from './stripe.ts'
import { applyBillingEvent, eventVersion } from './transition.ts'
import type { Decision, DecisionOutcome, NormalizedBillingEvent, SubscriptionState } from './types.ts'

const NOW = day(200)
const DAY_MS = 86_400_000

const S = (raw: unknown) => normalizeStripeEvent(raw)
const P = (raw: unknown) => normalizePaddleEvent(raw)

/** A stored Stripe state; `lastEventAt` defaults to day -1 (older than the events at day 0). */
const stripe = (status: SubscriptionStatus, more: Partial<SubscriptionState> = {}) =>
  subscriptionState({ status, ...more })
/** A placeholder built from hints: no snapshot seen yet. */
const placeholder = (more: Partial<SubscriptionState> = {}) =>
  subscriptionState({
    status: 'incomplete',
    lastEventAt: null,
    currentPeriodEnd: null,
    planPriceId: null,
    ...more,
  })
const paddle = (status: SubscriptionStatus, more: Partial<SubscriptionState> = {}) =>
  subscriptionState({
    provider: 'paddle',
    customerId: PADDLE_CUSTOMER_ID,
    subscriptionId: PADDLE_SUBSCRIPTION_ID,
    planPriceId: PADDLE_PRICE_ID,
    status,
    ...more,
  })

/** Lifecycle requests as `action` (now) or `action@N` (N days after now). */
function lifecycleOf(decision: Decision): string[] {
  return decision.lifecycle.map((request) => {
    const days = (request.runAt.getTime() - NOW.getTime()) / DAY_MS
    return days === 0 ? request.action : `${request.action}@${days}`
  })
}

type Row = [
  name: string,
  current: SubscriptionState | null,
  event: NormalizedBillingEvent,
  outcome: DecisionOutcome,
  nextStatus: SubscriptionStatus | null,
  lifecycle: string[],
]

const T = day(0)
const OLD_SUB = 'sub_1OLDxxLkdIwHu7ixA1b2C3d4'
const NEW_SUB = 'sub_1NEWxxLkdIwHu7ixE5f6G7h8'

// (state, event) → (outcome, next status, lifecycle). Events happen at day 0; states were last
// updated at day -1 unless the row says otherwise.
const stripeRows: Row[] = [
  [
    'checkout.session.completed, no state → placeholder',
    null,
    S(stripeEvent.checkout()),
    'applied',
    'incomplete',
    [],
  ],
  [
    'checkout.session.completed, active',
    stripe('active'),
    S(stripeEvent.checkout()),
    'unchanged',
    'active',
    [],
  ],
  [
    'checkout.session.completed, placeholder',
    placeholder(),
    S(stripeEvent.checkout()),
    'unchanged',
    'incomplete',
    [],
  ],
  [
    'customer.subscription.created trialing, no state',
    null,
    S(
      stripeEvent.subscription({
        type: 'customer.subscription.created',
        status: 'trialing',
        trialEnd: day(14),
      }),
    ),
    'applied',
    'trialing',
    ['provision'],
  ],
  [
    'customer.subscription.created active, placeholder',
    placeholder(),
    S(stripeEvent.subscription({ type: 'customer.subscription.created', status: 'active' })),
    'applied',
    'active',
    ['provision'],
  ],
  [
    'customer.subscription.created incomplete, no state',
    null,
    S(stripeEvent.subscription({ type: 'customer.subscription.created', status: 'incomplete' })),
    'applied',
    'incomplete',
    [],
  ],
  [
    'customer.subscription.updated incomplete → active',
    stripe('incomplete'),
    S(stripeEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    ['provision'],
  ],
  [
    'customer.subscription.updated trialing → active',
    stripe('trialing'),
    S(stripeEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    [],
  ],
  [
    'customer.subscription.updated active → past_due',
    stripe('active'),
    S(stripeEvent.subscription({ status: 'past_due' })),
    'applied',
    'past_due',
    ['suspend@7'],
  ],
  [
    'customer.subscription.updated past_due → active',
    stripe('past_due'),
    S(stripeEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'customer.subscription.updated past_due → unpaid',
    stripe('past_due'),
    S(stripeEvent.subscription({ status: 'unpaid' })),
    'applied',
    'unpaid',
    ['suspend'],
  ],
  [
    'customer.subscription.updated trialing → paused',
    stripe('trialing'),
    S(stripeEvent.subscription({ status: 'paused' })),
    'applied',
    'paused',
    ['suspend'],
  ],
  [
    'customer.subscription.updated paused → active',
    stripe('paused'),
    S(stripeEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'customer.subscription.updated unpaid → active',
    stripe('unpaid'),
    S(stripeEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'customer.subscription.updated incomplete → incomplete_expired',
    stripe('incomplete'),
    S(stripeEvent.subscription({ status: 'incomplete_expired' })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'customer.subscription.updated past_due, no state (earlier events lost)',
    null,
    S(stripeEvent.subscription({ status: 'past_due' })),
    'applied',
    'past_due',
    ['provision', 'suspend@7'],
  ],
  [
    'customer.subscription.updated cancel at period end, active',
    stripe('active'),
    S(stripeEvent.subscription({ status: 'active', cancelAtPeriodEnd: true })),
    'applied',
    'active',
    [],
  ],
  [
    'customer.subscription.deleted, active',
    stripe('active'),
    S(stripeEvent.subscription({ type: 'customer.subscription.deleted', status: 'canceled' })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'customer.subscription.deleted, past_due',
    stripe('past_due'),
    S(stripeEvent.subscription({ type: 'customer.subscription.deleted', status: 'canceled' })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'customer.subscription.deleted, already canceled',
    stripe('canceled'),
    S(stripeEvent.subscription({ type: 'customer.subscription.deleted', status: 'canceled' })),
    'applied',
    'canceled',
    [],
  ],
  ['invoice.paid, no state → placeholder', null, S(stripeEvent.invoice()), 'applied', 'incomplete', []],
  ['invoice.paid, past_due', stripe('past_due'), S(stripeEvent.invoice()), 'applied', 'active', ['resume']],
  ['invoice.paid, unpaid', stripe('unpaid'), S(stripeEvent.invoice()), 'applied', 'active', ['resume']],
  ['invoice.paid, active', stripe('active'), S(stripeEvent.invoice()), 'unchanged', 'active', []],
  [
    'invoice.paid, trialing (a trial invoice of 0)',
    stripe('trialing'),
    S(stripeEvent.invoice({ amountDue: 0 })),
    'unchanged',
    'trialing',
    [],
  ],
  [
    'invoice.paid, incomplete (the snapshot makes it active)',
    stripe('incomplete'),
    S(stripeEvent.invoice()),
    'unchanged',
    'incomplete',
    [],
  ],
  ['invoice.paid, placeholder', placeholder(), S(stripeEvent.invoice()), 'unchanged', 'incomplete', []],
  ['invoice.paid, canceled', stripe('canceled'), S(stripeEvent.invoice()), 'unchanged', 'canceled', []],
  ['invoice.paid, paused', stripe('paused'), S(stripeEvent.invoice()), 'unchanged', 'paused', []],
  [
    'invoice.payment_failed, no state → placeholder',
    null,
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'applied',
    'incomplete',
    [],
  ],
  [
    'invoice.payment_failed, active',
    stripe('active'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'applied',
    'past_due',
    ['suspend@7'],
  ],
  [
    'invoice.payment_failed, trialing',
    stripe('trialing'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'applied',
    'past_due',
    ['suspend@7'],
  ],
  [
    'invoice.payment_failed, past_due',
    stripe('past_due'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'unchanged',
    'past_due',
    [],
  ],
  [
    'invoice.payment_failed, incomplete',
    stripe('incomplete'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'unchanged',
    'incomplete',
    [],
  ],
  [
    'invoice.payment_failed, unpaid',
    stripe('unpaid'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'unchanged',
    'unpaid',
    [],
  ],
  [
    'invoice.payment_failed, canceled',
    stripe('canceled'),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed' })),
    'unchanged',
    'canceled',
    [],
  ],
  [
    'customer.created (unknown type), active',
    stripe('active'),
    S({ id: 'evt_1Unk', type: 'customer.created', created: 1748854800, data: { object: {} } }),
    'ignored',
    'active',
    [],
  ],
  [
    'sandbox customer.subscription.created trialing, no state',
    null,
    normalizeStripeEvent(stripeEvent.subscription({ status: 'trialing' }), { provider: 'sandbox' }),
    'applied',
    'trialing',
    ['provision'],
  ],
]

// Ordering and tie-break rows: the event's timestamp relative to the state's `lastEventAt`.
const orderingRows: Row[] = [
  [
    'older snapshot is stale',
    stripe('past_due', { lastEventAt: day(-1) }),
    S(stripeEvent.subscription({ status: 'active', created: day(-2) })),
    'stale',
    'past_due',
    [],
  ],
  [
    'same second: canceled outranks an updated active',
    stripe('canceled', { lastEventAt: T }),
    S(stripeEvent.subscription({ status: 'active', created: T })),
    'stale',
    'canceled',
    [],
  ],
  [
    'same second: deleted wins over a stored active',
    stripe('active', { lastEventAt: T }),
    S(stripeEvent.subscription({ type: 'customer.subscription.deleted', status: 'canceled', created: T })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'same second: created trialing does not undo active',
    stripe('active', { lastEventAt: T }),
    S(stripeEvent.subscription({ type: 'customer.subscription.created', status: 'trialing', created: T })),
    'stale',
    'active',
    [],
  ],
  [
    'same second: incomplete → active moves forward',
    stripe('incomplete', { lastEventAt: T }),
    S(stripeEvent.subscription({ status: 'active', created: T })),
    'applied',
    'active',
    ['provision'],
  ],
  [
    'same second: checkout does not downgrade active',
    stripe('active', { lastEventAt: T }),
    S(stripeEvent.checkout({ created: T })),
    'stale',
    'active',
    [],
  ],
  [
    'same second: invoice.paid ranks below the past_due snapshot',
    stripe('past_due', { lastEventAt: T }),
    S(stripeEvent.invoice({ created: T })),
    'stale',
    'past_due',
    [],
  ],
  [
    'same second: payment failure ranks below the active snapshot',
    stripe('active', { lastEventAt: T }),
    S(stripeEvent.invoice({ type: 'invoice.payment_failed', created: T })),
    'stale',
    'active',
    [],
  ],
  [
    'a second later: invoice.paid recovers past_due',
    stripe('past_due', { lastEventAt: T }),
    S(stripeEvent.invoice({ created: day(0, 1) })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'same second as a hint: the snapshot replaces the hint-made state',
    stripe('past_due', { lastEventAt: new Date(T.getTime() - 1) }),
    S(stripeEvent.subscription({ status: 'past_due', created: T })),
    'applied',
    'past_due',
    [],
  ],
  [
    'same second, same status: the snapshot adds cancel at period end',
    stripe('active', { lastEventAt: T }),
    S(stripeEvent.subscription({ status: 'active', cancelAtPeriodEnd: true, created: T })),
    'applied',
    'active',
    [],
  ],
  [
    'same second, same status, nothing new',
    stripe('active', { lastEventAt: T, cancelAtPeriodEnd: true }),
    S(stripeEvent.subscription({ status: 'active', cancelAtPeriodEnd: false, created: T })),
    'unchanged',
    'active',
    [],
  ],
]

// Another subscription than the stored one (re-subscription, duplicates, provider switch).
const otherSubscriptionRows: Row[] = [
  [
    'new live subscription after cancel takes over',
    stripe('canceled', { subscriptionId: OLD_SUB }),
    S(
      stripeEvent.subscription({
        type: 'customer.subscription.created',
        subscriptionId: NEW_SUB,
        status: 'active',
      }),
    ),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'new subscription still incomplete does not take over',
    stripe('canceled', { subscriptionId: OLD_SUB }),
    S(
      stripeEvent.subscription({
        type: 'customer.subscription.created',
        subscriptionId: NEW_SUB,
        status: 'incomplete',
      }),
    ),
    'ignored',
    'canceled',
    [],
  ],
  [
    'new past_due subscription replaces a canceled one',
    stripe('canceled', { subscriptionId: OLD_SUB }),
    S(stripeEvent.subscription({ subscriptionId: NEW_SUB, status: 'past_due' })),
    'applied',
    'past_due',
    ['suspend@7'],
  ],
  [
    'old subscription ending does not cancel the live new one',
    stripe('active', { subscriptionId: NEW_SUB }),
    S(
      stripeEvent.subscription({
        type: 'customer.subscription.deleted',
        subscriptionId: OLD_SUB,
        status: 'canceled',
      }),
    ),
    'ignored',
    'active',
    [],
  ],
  [
    'a second live subscription takes over a live one',
    stripe('active', { subscriptionId: OLD_SUB }),
    S(stripeEvent.subscription({ subscriptionId: NEW_SUB, status: 'active' })),
    'applied',
    'active',
    [],
  ],
  [
    'an older event of the replaced subscription is stale',
    stripe('active', { subscriptionId: NEW_SUB, lastEventAt: day(-1) }),
    S(stripeEvent.subscription({ subscriptionId: OLD_SUB, status: 'active', created: day(-2) })),
    'stale',
    'active',
    [],
  ],
  [
    'a hint about another subscription is ignored',
    stripe('past_due', { subscriptionId: NEW_SUB }),
    S(stripeEvent.invoice({ subscriptionId: OLD_SUB })),
    'ignored',
    'past_due',
    [],
  ],
  [
    'a checkout for a new subscription waits for its snapshot',
    stripe('canceled', { subscriptionId: OLD_SUB }),
    S(stripeEvent.checkout({ subscriptionId: NEW_SUB })),
    'ignored',
    'canceled',
    [],
  ],
  [
    'moving from Stripe to Paddle after cancel',
    stripe('canceled'),
    P(paddleEvent.subscription({ eventType: 'subscription.created', status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
]

const paddleRows: Row[] = [
  [
    'transaction.completed, no state → placeholder',
    null,
    P(paddleEvent.transaction({ origin: 'web' })),
    'applied',
    'incomplete',
    [],
  ],
  [
    'transaction.completed, past_due',
    paddle('past_due'),
    P(paddleEvent.transaction()),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'transaction.completed, active',
    paddle('active'),
    P(paddleEvent.transaction()),
    'unchanged',
    'active',
    [],
  ],
  [
    'transaction.completed, trialing',
    paddle('trialing'),
    P(paddleEvent.transaction({ total: '0' })),
    'unchanged',
    'trialing',
    [],
  ],
  [
    'subscription.created trialing, no state',
    null,
    P(paddleEvent.subscription({ eventType: 'subscription.created', status: 'trialing', trialEnd: day(14) })),
    'applied',
    'trialing',
    ['provision'],
  ],
  [
    'subscription.created active, placeholder',
    placeholder({
      provider: 'paddle',
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      customerId: PADDLE_CUSTOMER_ID,
    }),
    P(paddleEvent.subscription({ eventType: 'subscription.created', status: 'active' })),
    'applied',
    'active',
    ['provision'],
  ],
  [
    'subscription.trialing, no state',
    null,
    P(paddleEvent.subscription({ eventType: 'subscription.trialing', status: 'trialing' })),
    'applied',
    'trialing',
    ['provision'],
  ],
  [
    'subscription.activated, trialing',
    paddle('trialing'),
    P(paddleEvent.subscription({ eventType: 'subscription.activated', status: 'active' })),
    'applied',
    'active',
    [],
  ],
  [
    'subscription.updated scheduled cancel, active',
    paddle('active'),
    P(
      paddleEvent.subscription({
        status: 'active',
        scheduledChange: { action: 'cancel', effectiveAt: day(30) },
      }),
    ),
    'applied',
    'active',
    [],
  ],
  [
    'subscription.updated active, past_due',
    paddle('past_due'),
    P(paddleEvent.subscription({ status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'subscription.past_due, active',
    paddle('active'),
    P(paddleEvent.subscription({ eventType: 'subscription.past_due', status: 'past_due' })),
    'applied',
    'past_due',
    ['suspend@7'],
  ],
  [
    'subscription.paused, active',
    paddle('active'),
    P(paddleEvent.subscription({ eventType: 'subscription.paused', status: 'paused', periodEnd: null })),
    'applied',
    'paused',
    ['suspend'],
  ],
  [
    'subscription.resumed, paused',
    paddle('paused'),
    P(paddleEvent.subscription({ eventType: 'subscription.resumed', status: 'active' })),
    'applied',
    'active',
    ['resume'],
  ],
  [
    'subscription.canceled, active',
    paddle('active'),
    P(paddleEvent.subscription({ eventType: 'subscription.canceled', status: 'canceled', periodEnd: null })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'subscription.canceled, paused',
    paddle('paused'),
    P(paddleEvent.subscription({ eventType: 'subscription.canceled', status: 'canceled', periodEnd: null })),
    'applied',
    'canceled',
    ['suspend', 'deprovision@30'],
  ],
  [
    'subscription.updated whose updated_at is older than the state (occurred_at is newer)',
    paddle('past_due', { lastEventAt: day(0, 10) }),
    P(paddleEvent.subscription({ status: 'active', occurredAt: day(0, 11), updatedAt: day(0, 9) })),
    'stale',
    'past_due',
    [],
  ],
  [
    'transaction.payment_failed (not acted on), active',
    paddle('active'),
    P({
      event_id: 'evt_01unk',
      event_type: 'transaction.payment_failed',
      occurred_at: '2025-06-02T09:00:00Z',
      data: {},
    }),
    'ignored',
    'active',
    [],
  ],
  [
    'customer.created (unknown type), no state',
    null,
    P({
      event_id: 'evt_01unk2',
      event_type: 'customer.created',
      occurred_at: '2025-06-02T09:00:00Z',
      data: {},
    }),
    'ignored',
    null,
    [],
  ],
]

describe('applyBillingEvent', () => {
  describe.each([
    ['Stripe', stripeRows],
    ['ordering', orderingRows],
    ['another subscription', otherSubscriptionRows],
    ['Paddle', paddleRows],
  ] as const)('%s', (_group, rows) => {
    it.each(rows)('%s → %s %s %j', (_name, current, event, outcome, nextStatus, lifecycle) => {
      const decision = applyBillingEvent(current, event, NOW)
      expect(decision.outcome).toBe(outcome)
      expect(decision.next?.status ?? null).toBe(nextStatus)
      expect(lifecycleOf(decision)).toEqual(lifecycle)
      expect(decision.statusChanged).toBe((current?.status ?? null) !== nextStatus)
      if (outcome !== 'applied') expect(decision.next).toBe(current)
    })
  })
})

describe('applyBillingEvent: stored state', () => {
  it('copies a snapshot into the state, with its version', () => {
    const event = S(
      stripeEvent.subscription({
        status: 'trialing',
        created: day(0, 5),
        currentPeriodEnd: day(14),
        trialEnd: day(14),
        cancelAtPeriodEnd: true,
        priceId: 'price_1Other',
      }),
    )
    expect(applyBillingEvent(null, event, NOW).next).toEqual({
      provider: 'stripe',
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      status: 'trialing',
      currentPeriodEnd: day(14),
      trialEnd: day(14),
      cancelAtPeriodEnd: true,
      lastEventAt: day(0, 5),
      planPriceId: 'price_1Other',
    })
  })

  it('builds a placeholder from a hint, with no version', () => {
    expect(applyBillingEvent(null, S(stripeEvent.invoice({ periodEnd: day(30) })), NOW).next).toEqual({
      provider: 'stripe',
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      status: 'incomplete',
      currentPeriodEnd: null,
      trialEnd: null,
      cancelAtPeriodEnd: false,
      lastEventAt: null,
      planPriceId: null,
    })
  })

  it('lets a snapshot older than a placeholder-making hint apply', () => {
    const hint = S(stripeEvent.checkout({ created: day(0, 1) }))
    const snapshot = S(stripeEvent.subscription({ status: 'trialing', created: day(0) }))
    const first = applyBillingEvent(null, hint, NOW)
    const second = applyBillingEvent(first.next, snapshot, NOW)
    expect(second).toMatchObject({ outcome: 'applied', next: { status: 'trialing', lastEventAt: day(0) } })
    expect(lifecycleOf(second)).toEqual(['provision'])
  })

  it('records a payment recovery 1 ms before the event time and keeps the later period end', () => {
    const current = stripe('past_due', { currentPeriodEnd: day(30), lastEventAt: day(-1) })
    const decision = applyBillingEvent(
      current,
      S(stripeEvent.invoice({ created: day(1), periodEnd: day(60) })),
      NOW,
    )
    expect(decision.next).toEqual({
      ...current,
      status: 'active',
      currentPeriodEnd: day(60),
      lastEventAt: new Date(day(1).getTime() - 1),
    })
  })

  it('merges same-time snapshots of the same status field by field', () => {
    const current = stripe('active', { lastEventAt: T, currentPeriodEnd: day(30), planPriceId: 'price_A' })
    const event = S(
      stripeEvent.subscription({
        status: 'active',
        created: T,
        currentPeriodEnd: day(60),
        priceId: 'price_B',
        cancelAtPeriodEnd: true,
      }),
    )
    expect(applyBillingEvent(current, event, NOW).next).toEqual({
      ...current,
      currentPeriodEnd: day(60),
      cancelAtPeriodEnd: true,
      planPriceId: 'price_B',
    })
  })

  it('prefers Paddle updated_at over occurred_at for the version', () => {
    const event = P(paddleEvent.subscription({ occurredAt: day(0, 2), updatedAt: day(0, 1) }))
    expect(eventVersion(event)).toEqual(day(0, 1))
    const hint = P(paddleEvent.transaction({ occurredAt: day(0, 2), updatedAt: day(0, 1) }))
    expect(eventVersion(hint)).toEqual(new Date(day(0, 1).getTime() - 1))
  })

  // Each row: event, applied in sequence, then applied again at once → outcome of the repeat.
  const repeats: Array<[event: NormalizedBillingEvent, repeat: DecisionOutcome]> = [
    [S(stripeEvent.checkout()), 'unchanged'],
    [S(stripeEvent.subscription({ status: 'trialing' })), 'unchanged'],
    [S(stripeEvent.invoice({ type: 'invoice.payment_failed', created: day(1) })), 'stale'],
    [S(stripeEvent.invoice({ created: day(2) })), 'stale'],
    [
      S(
        stripeEvent.subscription({
          type: 'customer.subscription.deleted',
          status: 'canceled',
          created: day(3),
        }),
      ),
      'unchanged',
    ],
  ]
  it('re-applying the event just applied is a no-op', () => {
    let state: SubscriptionState | null = null
    for (const [event, repeat] of repeats) {
      const first = applyBillingEvent(state, event, NOW)
      expect(first.outcome, event.type).toBe('applied')
      state = first.next
      const again = applyBillingEvent(state, event, NOW)
      expect(again.outcome, event.type).toBe(repeat)
      expect(again.lifecycle).toEqual([])
      expect(again.next).toBe(state)
    }
  })

  it('explains each decision with the event id', () => {
    const decision = applyBillingEvent(
      stripe('active'),
      S(stripeEvent.subscription({ eventId: 'evt_1Why', status: 'past_due' })),
      NOW,
    )
    expect(decision.reason).toBe('newer snapshot')
    expect(decision.lifecycle[0]?.reason).toBe(
      `stripe subscription ${STRIPE_SUBSCRIPTION_ID} (event evt_1Why): active → past_due; suspend after the 7-day grace period`,
    )
  })

  it('uses the given policy', () => {
    const decision = applyBillingEvent(
      stripe('active'),
      S(stripeEvent.subscription({ type: 'customer.subscription.deleted', status: 'canceled' })),
      NOW,
      { gracePeriodDays: 3, retentionDays: 90 },
    )
    expect(lifecycleOf(decision)).toEqual(['suspend', 'deprovision@90'])
  })

  it('refuses an invalid clock or policy', () => {
    const event = S(stripeEvent.subscription())
    expect(() => applyBillingEvent(null, event, new Date(Number.NaN))).toThrow(RangeError)
    expect(() =>
      applyBillingEvent(null, event, NOW, { ...DEFAULT_BILLING_POLICY, retentionDays: -1 }),
    ).toThrow('billing policy retentionDays must be a finite number of days >= 0, got -1')
  })

  it('ignores a hand-made snapshot without a subscription id', () => {
    const event = { ...S(stripeEvent.subscription()), subscriptionId: null }
    expect(applyBillingEvent(stripe('active'), event, NOW)).toMatchObject({
      outcome: 'ignored',
      reason: 'the event names no subscription',
    })
  })

  it('keeps the customer id of the stored state when a snapshot lacks one', () => {
    const event = { ...S(stripeEvent.subscription({ status: 'past_due' })), customerId: null }
    expect(applyBillingEvent(stripe('active'), event, NOW).next?.customerId).toBe(STRIPE_CUSTOMER_ID)
  })

  it('stores the Paddle price id', () => {
    const decision = applyBillingEvent(null, P(paddleEvent.subscription({ status: 'active' })), NOW)
    expect(decision.next?.planPriceId).toBe(PADDLE_PRICE_ID)
    expect(decision.next?.provider).toBe('paddle')
  })
})
