import type { SubscriptionStatus } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import { subscriptionState } from './fixtures/builders.ts'
import {
  assertBillingPolicy,
  DEFAULT_BILLING_POLICY,
  isLifecycleRequestCurrent,
  lifecycleForStatusChange,
} from './lifecycle.ts'

const NOW = new Date('2025-09-01T12:00:00Z')
const DAY_MS = 86_400_000

/** `action` runs now; `action@N` runs N days after now. */
function describeRequests(
  from: SubscriptionStatus | null,
  to: SubscriptionStatus,
  grace = 7,
  retention = 30,
) {
  return lifecycleForStatusChange(
    from,
    to,
    NOW,
    { gracePeriodDays: grace, retentionDays: retention },
    'test',
  ).map((request) => {
    const days = (request.runAt.getTime() - NOW.getTime()) / DAY_MS
    return days === 0 ? request.action : `${request.action}@${days}`
  })
}

// Every cell of the (from, to) matrix, with the default policy (grace 7 days, retention 30 days).
const matrix: Array<[from: SubscriptionStatus | null, to: SubscriptionStatus, expected: string[]]> = [
  // → trialing
  [null, 'trialing', ['provision']],
  ['incomplete', 'trialing', ['provision']],
  ['trialing', 'trialing', []],
  ['active', 'trialing', []],
  ['past_due', 'trialing', ['resume']],
  ['paused', 'trialing', ['resume']],
  ['unpaid', 'trialing', ['resume']],
  ['canceled', 'trialing', ['resume']],
  // → active
  [null, 'active', ['provision']],
  ['incomplete', 'active', ['provision']],
  ['trialing', 'active', []],
  ['active', 'active', []],
  ['past_due', 'active', ['resume']],
  ['paused', 'active', ['resume']],
  ['unpaid', 'active', ['resume']],
  ['canceled', 'active', ['resume']],
  // → past_due
  [null, 'past_due', ['provision', 'suspend@7']],
  ['incomplete', 'past_due', ['provision', 'suspend@7']],
  ['trialing', 'past_due', ['suspend@7']],
  ['active', 'past_due', ['suspend@7']],
  ['past_due', 'past_due', []],
  ['paused', 'past_due', ['suspend@7']],
  ['unpaid', 'past_due', ['suspend@7']],
  ['canceled', 'past_due', ['suspend@7']],
  // → paused
  [null, 'paused', ['suspend']],
  ['incomplete', 'paused', ['suspend']],
  ['trialing', 'paused', ['suspend']],
  ['active', 'paused', ['suspend']],
  ['past_due', 'paused', ['suspend']],
  ['paused', 'paused', []],
  ['unpaid', 'paused', ['suspend']],
  ['canceled', 'paused', ['suspend']],
  // → unpaid
  [null, 'unpaid', ['suspend']],
  ['incomplete', 'unpaid', ['suspend']],
  ['trialing', 'unpaid', ['suspend']],
  ['active', 'unpaid', ['suspend']],
  ['past_due', 'unpaid', ['suspend']],
  ['paused', 'unpaid', ['suspend']],
  ['unpaid', 'unpaid', []],
  ['canceled', 'unpaid', ['suspend']],
  // → canceled
  [null, 'canceled', ['suspend', 'deprovision@30']],
  ['incomplete', 'canceled', ['suspend', 'deprovision@30']],
  ['trialing', 'canceled', ['suspend', 'deprovision@30']],
  ['active', 'canceled', ['suspend', 'deprovision@30']],
  ['past_due', 'canceled', ['suspend', 'deprovision@30']],
  ['paused', 'canceled', ['suspend', 'deprovision@30']],
  ['unpaid', 'canceled', ['suspend', 'deprovision@30']],
  ['canceled', 'canceled', []],
  // → incomplete
  [null, 'incomplete', []],
  ['incomplete', 'incomplete', []],
  ['trialing', 'incomplete', []],
  ['active', 'incomplete', []],
  ['past_due', 'incomplete', []],
  ['paused', 'incomplete', []],
  ['unpaid', 'incomplete', []],
  ['canceled', 'incomplete', []],
]

describe('lifecycleForStatusChange', () => {
  it.each(matrix)('%s → %s requests %j', (from, to, expected) => {
    expect(describeRequests(from, to)).toEqual(expected)
  })

  it('uses the policy for deferred requests', () => {
    expect(describeRequests('active', 'past_due', 3, 10)).toEqual(['suspend@3'])
    expect(describeRequests('active', 'canceled', 3, 10)).toEqual(['suspend', 'deprovision@10'])
    expect(describeRequests('active', 'past_due', 0, 0)).toEqual(['suspend'])
  })

  it('tags each request with the status it serves and a readable reason', () => {
    const [suspend, deprovision] = lifecycleForStatusChange(
      'active',
      'canceled',
      NOW,
      DEFAULT_BILLING_POLICY,
      'stripe subscription sub_1 (event evt_1)',
    )
    expect(suspend).toEqual({
      action: 'suspend',
      runAt: NOW,
      forStatus: 'canceled',
      reason: 'stripe subscription sub_1 (event evt_1): active → canceled; suspend the tenant',
    })
    expect(deprovision?.reason).toBe(
      'stripe subscription sub_1 (event evt_1): active → canceled; deprovision after the 30-day retention period',
    )
  })
})

describe('isLifecycleRequestCurrent', () => {
  const [graceSuspend] = lifecycleForStatusChange('active', 'past_due', NOW, DEFAULT_BILLING_POLICY, 'test')
  // Each row: stored status when the deferred suspend fires → whether it still applies.
  const rows: Array<[status: SubscriptionStatus | null, expected: boolean]> = [
    ['past_due', true],
    ['active', false],
    ['trialing', false],
    ['canceled', false],
    [null, false],
  ]
  it.each(rows)('a grace suspend with the subscription %s → %s', (status, expected) => {
    if (graceSuspend === undefined) throw new Error('expected a grace suspend')
    const state = status === null ? null : subscriptionState({ status })
    expect(isLifecycleRequestCurrent(graceSuspend, state)).toBe(expected)
  })
})

describe('assertBillingPolicy', () => {
  // Each row: policy → the error message, or null when valid.
  const rows: Array<[policy: { gracePeriodDays: number; retentionDays: number }, error: string | null]> = [
    [{ gracePeriodDays: 7, retentionDays: 30 }, null],
    [{ gracePeriodDays: 0, retentionDays: 0 }, null],
    [
      { gracePeriodDays: -1, retentionDays: 30 },
      'billing policy gracePeriodDays must be a finite number of days >= 0, got -1',
    ],
    [
      { gracePeriodDays: 7, retentionDays: Number.NaN },
      'billing policy retentionDays must be a finite number of days >= 0, got NaN',
    ],
    [
      { gracePeriodDays: Number.POSITIVE_INFINITY, retentionDays: 30 },
      'billing policy gracePeriodDays must be a finite number of days >= 0, got Infinity',
    ],
  ]
  it.each(rows)('%j → %s', (policy, error) => {
    if (error === null) expect(() => assertBillingPolicy(policy)).not.toThrow()
    else expect(() => assertBillingPolicy(policy)).toThrow(new RangeError(error))
  })
})
