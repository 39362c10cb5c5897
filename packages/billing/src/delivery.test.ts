/**
 * Delivery-order property: whatever order the inbox receives a subscription's events in, and however
 * often each arrives, the stored state ends the same and lifecycle requests are never duplicated.
 */
import type { SubscriptionStatus } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import { day } from './fixtures/builders.ts'
import {
  PADDLE_CUSTOMER_ID,
  PADDLE_PRICE_ID,
  PADDLE_SUBSCRIPTION_ID,
  paddleHistory,
  paddleHistoryEndingPastDue,
  STRIPE_CUSTOMER_ID,
  STRIPE_PRICE_ID,
  STRIPE_SUBSCRIPTION_ID,
  stripeHistory,
  stripeHistoryEndingActive,
} from './fixtures/histories.ts'
import { PADDLE_TENANT_ID } from './fixtures/paddle-payloads.ts'
import { TENANT_ID } from './fixtures/stripe-payloads.ts'
import { DEFAULT_BILLING_POLICY, isLifecycleRequestCurrent, LIVE_STATUSES } from './lifecycle.ts'
import { normalizePaddleEvent } from './paddle.ts'
import { normalizeStripeEvent } from './stripe.ts'
import { applyBillingEvent } from './transition.ts'
import type { Decision, LifecycleRequest, NormalizedBillingEvent, SubscriptionState } from './types.ts'

const PERMUTATIONS = 200
const DAY_MS = 86_400_000
/** Processing starts after the whole history happened (a backlog), one minute per delivery. */
const PROCESSING_START = day(200)

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1))
    const a = copy[i] as T
    copy[i] = copy[j] as T
    copy[j] = a
  }
  return copy
}

type Run = {
  final: SubscriptionState | null
  /** Decisions of events that reached the state machine, in processing order. */
  decisions: Decision[]
  /** Lifecycle requests as `action` or `action@days` relative to processing time. */
  requests: string[]
  /** Decisions with their processing time, for the tenant simulation. */
  steps: Array<{ decision: Decision; now: Date }>
  /** Event ids whose immediate re-application changed something (must stay empty). */
  retriesThatActed: string[]
}

/**
 * Processes deliveries like the hub's job. With `dedupe`, the inbox drops a repeated event id (the
 * production path). Every processed event is also re-applied at once to the state it produced, as a
 * job that crashed before acknowledging the inbox row would; that retry must be a no-op.
 */
function process(deliveries: readonly NormalizedBillingEvent[], dedupe: boolean): Run {
  const seen = new Set<string>()
  let state: SubscriptionState | null = null
  const run: Run = { final: null, decisions: [], requests: [], steps: [], retriesThatActed: [] }
  deliveries.forEach((event, index) => {
    if (dedupe && seen.has(event.eventId)) return
    seen.add(event.eventId)
    const now = new Date(PROCESSING_START.getTime() + index * 60_000)
    const decision = applyBillingEvent(state, event, now, DEFAULT_BILLING_POLICY)
    state = decision.next
    const retry = applyBillingEvent(state, event, now, DEFAULT_BILLING_POLICY)
    if (retry.outcome === 'applied' || retry.lifecycle.length > 0 || retry.next !== state) {
      run.retriesThatActed.push(event.eventId)
    }
    run.decisions.push(decision)
    run.steps.push({ decision, now })
    for (const request of decision.lifecycle) {
      const days = (request.runAt.getTime() - now.getTime()) / DAY_MS
      run.requests.push(days === 0 ? request.action : `${request.action}@${days}`)
    }
  })
  run.final = state
  return run
}

type Posture = 'none' | 'running' | 'suspended' | 'deprovisioned'

/**
 * Plays the requests against a tenant the way the provisioner contract says: immediate requests run
 * at once; deferred ones wait, are dropped when a later status change comes, and at their time run
 * only if {@link isLifecycleRequestCurrent}. Returns the posture right after processing and after
 * every deferred request came due.
 */
function simulateTenant(run: Run): { immediate: Posture; eventual: Posture } {
  let posture: Posture = 'none'
  let pending: LifecycleRequest[] = []
  const perform = (request: LifecycleRequest) => {
    if (request.action === 'provision' || request.action === 'resume') posture = 'running'
    else if (request.action === 'suspend') posture = posture === 'none' ? 'none' : 'suspended'
    else posture = 'deprovisioned'
  }
  for (const { decision, now } of run.steps) {
    if (!decision.statusChanged) continue
    pending = [] // the caller cancels deferred requests on every status change
    for (const request of decision.lifecycle) {
      if (request.runAt.getTime() > now.getTime()) pending.push(request)
      else perform(request)
    }
  }
  const immediate = posture
  for (const request of pending) if (isLifecycleRequestCurrent(request, run.final)) perform(request)
  return { immediate, eventual: posture }
}

/** Where the tenant must end up for a final subscription status. */
function expectedPosture(status: SubscriptionStatus | undefined): {
  immediate: Posture[]
  eventual: Posture[]
} {
  if (status === undefined || status === 'incomplete') return { immediate: ['none'], eventual: ['none'] }
  if (LIVE_STATUSES.has(status)) return { immediate: ['running'], eventual: ['running'] }
  if (status === 'past_due') return { immediate: ['running'], eventual: ['suspended'] }
  if (status === 'canceled') return { immediate: ['suspended', 'none'], eventual: ['deprovisioned'] }
  return { immediate: ['suspended', 'none'], eventual: ['suspended', 'none'] }
}

type Scenario = {
  name: string
  events: NormalizedBillingEvent[]
  expectedFinal: SubscriptionState
  /** Lifecycle requests of in-order delivery, written out. */
  inOrder: string[]
}

const scenarios: Scenario[] = [
  {
    name: 'Stripe: trial → active → past_due → active → cancel at period end → deleted',
    events: stripeHistory().map((raw) => normalizeStripeEvent(raw)),
    expectedFinal: {
      provider: 'stripe',
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      status: 'canceled',
      currentPeriodEnd: day(74),
      trialEnd: day(14),
      cancelAtPeriodEnd: true,
      lastEventAt: day(74),
      planPriceId: STRIPE_PRICE_ID,
    },
    inOrder: ['provision', 'suspend@7', 'resume', 'suspend', 'deprovision@30'],
  },
  {
    name: 'Stripe: … ending active after recovery',
    events: stripeHistoryEndingActive().map((raw) => normalizeStripeEvent(raw)),
    expectedFinal: {
      provider: 'stripe',
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      status: 'active',
      currentPeriodEnd: day(74),
      trialEnd: day(14),
      cancelAtPeriodEnd: false,
      lastEventAt: day(46),
      planPriceId: STRIPE_PRICE_ID,
    },
    inOrder: ['provision', 'suspend@7', 'resume'],
  },
  {
    name: 'sandbox (Stripe-shaped): the same full history',
    events: stripeHistory().map((raw) => normalizeStripeEvent(raw, { provider: 'sandbox' })),
    expectedFinal: {
      provider: 'sandbox',
      customerId: STRIPE_CUSTOMER_ID,
      subscriptionId: STRIPE_SUBSCRIPTION_ID,
      status: 'canceled',
      currentPeriodEnd: day(74),
      trialEnd: day(14),
      cancelAtPeriodEnd: true,
      lastEventAt: day(74),
      planPriceId: STRIPE_PRICE_ID,
    },
    inOrder: ['provision', 'suspend@7', 'resume', 'suspend', 'deprovision@30'],
  },
  {
    name: 'Paddle: trial → active → past_due → recovered → paused → resumed → canceled',
    events: paddleHistory().map((raw) => normalizePaddleEvent(raw)),
    expectedFinal: {
      provider: 'paddle',
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      status: 'canceled',
      currentPeriodEnd: null,
      trialEnd: day(14),
      cancelAtPeriodEnd: false,
      lastEventAt: new Date(day(110, 2).getTime() - 250),
      planPriceId: PADDLE_PRICE_ID,
    },
    inOrder: ['provision', 'suspend@7', 'resume', 'suspend', 'resume', 'suspend', 'deprovision@30'],
  },
  {
    name: 'Paddle: … ending past_due',
    events: paddleHistoryEndingPastDue().map((raw) => normalizePaddleEvent(raw)),
    expectedFinal: {
      provider: 'paddle',
      customerId: PADDLE_CUSTOMER_ID,
      subscriptionId: PADDLE_SUBSCRIPTION_ID,
      status: 'past_due',
      currentPeriodEnd: day(74),
      trialEnd: day(14),
      cancelAtPeriodEnd: false,
      lastEventAt: new Date(day(44, 5).getTime() - 250),
      planPriceId: PADDLE_PRICE_ID,
    },
    inOrder: ['provision', 'suspend@7'],
  },
]

describe.each(scenarios)('$name', ({ events, expectedFinal, inOrder }) => {
  it('in provider order reaches the expected state with the expected requests', () => {
    const run = process(events, true)
    expect(run.final).toEqual(expectedFinal)
    expect(run.requests).toEqual(inOrder)
  })

  it(`delivered twice each, in ${PERMUTATIONS} shuffled orders, always ends the same`, () => {
    const random = prng(0x5eed)
    for (let i = 0; i < PERMUTATIONS; i += 1) {
      const deliveries = shuffle([...events, ...events], random)
      const context = `permutation ${i}: ${deliveries.map((e) => e.eventId).join(' ')}`
      const run = process(deliveries, true)
      expect(run.final, context).toEqual(expectedFinal)
      expect(run.retriesThatActed, context).toEqual([])
      expectConsistentRequests(run, expectedFinal.status, inOrder.length, context)
    }
  })

  it(`without the inbox's dedupe, in ${PERMUTATIONS} shuffled orders, still ends the same`, () => {
    // A hint that could not be used when it first came (no snapshot yet) may apply when it comes
    // again, exactly as if it had first arrived then; so the requests on the way may differ from the
    // deduplicated run, but the end state and every invariant hold.
    const random = prng(0xd0b1e)
    for (let i = 0; i < PERMUTATIONS; i += 1) {
      const deliveries = shuffle([...events, ...events], random)
      const context = `permutation ${i}: ${deliveries.map((e) => e.eventId).join(' ')}`
      const run = process(deliveries, false)
      expect(run.final, context).toEqual(expectedFinal)
      expect(run.retriesThatActed, context).toEqual([])
      expectConsistentRequests(run, expectedFinal.status, inOrder.length, context)
    }
  })
})

/**
 * The lifecycle requests of one run agree with its final status: they come only from status
 * changes; there are no more than in provider order; the tenant is provisioned at most once; the
 * last set is the one for the final status; and a tenant playing them ends where that status says.
 */
function expectConsistentRequests(run: Run, finalStatus: SubscriptionStatus, bound: number, context: string) {
  for (const decision of run.decisions) {
    if (!decision.statusChanged) expect(decision.lifecycle, context).toEqual([])
  }
  expect(run.requests.length, context).toBeLessThanOrEqual(bound)
  expect(run.requests.filter((r) => r === 'provision').length, context).toBeLessThanOrEqual(1)
  expect(run.decisions.filter((d) => d.statusChanged).at(-1)?.next?.status, context).toBe(finalStatus)
  if (finalStatus === 'canceled') {
    expect(run.requests.slice(-2), context).toEqual(['suspend', 'deprovision@30'])
    expect(run.requests.filter((r) => r.startsWith('deprovision')).length, context).toBe(1)
  } else if (finalStatus === 'past_due') {
    expect(run.requests.at(-1), context).toBe('suspend@7')
  } else {
    expect(['provision', 'resume'], context).toContain(run.requests.at(-1))
  }
  const posture = expectedPosture(finalStatus)
  const tenant = simulateTenant(run)
  expect(posture.immediate, context).toContain(tenant.immediate)
  expect(posture.eventual, context).toContain(tenant.eventual)
}

describe('both providers through one inbox', () => {
  it('routes by tenant and ends each tenant the same in every order', () => {
    const stripeEvents = stripeHistory().map((raw) => normalizeStripeEvent(raw))
    const paddleEvents = paddleHistory().map((raw) => normalizePaddleEvent(raw))
    const all = [...stripeEvents, ...paddleEvents]
    const random = prng(0xb111)
    for (let i = 0; i < PERMUTATIONS; i += 1) {
      const deliveries = shuffle([...all, ...all], random)
      const states = new Map<string, SubscriptionState | null>()
      const requests = new Map<string, string[]>()
      const seen = new Set<string>()
      for (const event of deliveries) {
        if (seen.has(`${event.provider}:${event.eventId}`)) continue
        seen.add(`${event.provider}:${event.eventId}`)
        const tenant = event.tenantId ?? 'unrouted'
        const decision = applyBillingEvent(states.get(tenant) ?? null, event, PROCESSING_START)
        states.set(tenant, decision.next)
        requests.set(tenant, [...(requests.get(tenant) ?? []), ...decision.lifecycle.map((r) => r.action)])
      }
      expect(states.get(TENANT_ID)?.status).toBe('canceled')
      expect(states.get(PADDLE_TENANT_ID)?.status).toBe('canceled')
      expect(states.get('unrouted') ?? null).toBeNull()
      for (const tenant of [TENANT_ID, PADDLE_TENANT_ID]) {
        const actions = requests.get(tenant) ?? []
        expect(actions.slice(-2)).toEqual(['suspend', 'deprovision'])
        expect(actions.filter((a) => a === 'provision').length).toBeLessThanOrEqual(1)
      }
    }
  })
})
