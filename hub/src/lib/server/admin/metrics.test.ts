import { describe, expect, it } from 'vitest'
import { chartBars, dailySeries, monthlyMinor, mrrByCurrency, type PlanPrice } from './metrics.ts'

const monthlyEur: PlanPrice = { id: 'p1', priceMinor: 2900, currency: 'eur', interval: 'month' }
const yearlyEur: PlanPrice = { id: 'p2', priceMinor: 29000, currency: 'EUR', interval: 'year' }
const monthlyUsd: PlanPrice = { id: 'p3', priceMinor: 4900, currency: 'usd', interval: 'month' }
const plans = new Map([monthlyEur, yearlyEur, monthlyUsd].map((p) => [p.id, p]))

describe('monthlyMinor', () => {
  it.each([
    ['active', monthlyEur, 2900],
    ['past_due', monthlyEur, 2900],
    ['active', yearlyEur, 2417], // 29000 / 12 = 2416.67, rounded
    ['trialing', monthlyEur, 0],
    ['canceled', monthlyEur, 0],
    ['paused', yearlyEur, 0],
    ['active', undefined, 0],
  ] as const)('%s on %o brings %i a month', (status, plan, expected) => {
    expect(monthlyMinor(status, plan)).toBe(expected)
  })
})

describe('mrrByCurrency', () => {
  it('sums paying subscriptions per currency, yearly plans as a twelfth, and skips the rest', () => {
    const result = mrrByCurrency(
      [
        { status: 'active', planId: 'p1' },
        { status: 'past_due', planId: 'p1' },
        { status: 'active', planId: 'p2' },
        { status: 'trialing', planId: 'p1' },
        { status: 'active', planId: 'p3' },
        { status: 'active', planId: 'gone' },
        { status: 'active', planId: null },
      ],
      plans,
    )
    expect(result).toEqual([
      { currency: 'EUR', minor: 2900 + 2900 + 2417, subscriptions: 3 },
      { currency: 'USD', minor: 4900, subscriptions: 1 },
    ])
  })

  it('weighs an entry by its count (one count per plan)', () => {
    const result = mrrByCurrency(
      [
        { status: 'active', planId: 'p1', count: 3 },
        { status: 'active', planId: 'p2', count: 0 },
        { status: 'active', planId: 'p3', count: 2 },
      ],
      plans,
    )
    expect(result).toEqual([
      { currency: 'EUR', minor: 3 * 2900, subscriptions: 3 },
      { currency: 'USD', minor: 2 * 4900, subscriptions: 2 },
    ])
  })

  it('is empty when nothing pays', () => {
    expect(mrrByCurrency([{ status: 'canceled', planId: 'p1' }], plans)).toEqual([])
  })
})

describe('dailySeries', () => {
  const now = new Date('2026-03-10T15:00:00Z')

  it('lists the last days oldest first, ending today (UTC), and counts each timestamp on its day', () => {
    const series = dailySeries(
      now,
      3,
      ['2026-03-10T00:00:00Z', '2026-03-10T23:59:59Z', '2026-03-08T12:00:00Z', '2026-03-07T23:59:59Z'],
      ['2026-03-09T01:00:00Z', '2026-04-01T00:00:00Z'],
    )
    expect(series).toEqual([
      { day: '2026-03-08', signups: 1, cancellations: 0 },
      { day: '2026-03-09', signups: 0, cancellations: 1 },
      { day: '2026-03-10', signups: 2, cancellations: 0 },
    ])
  })

  it('crosses month ends', () => {
    expect(dailySeries(new Date('2026-03-01T00:00:00Z'), 2, [], []).map((d) => d.day)).toEqual([
      '2026-02-28',
      '2026-03-01',
    ])
  })
})

describe('chartBars', () => {
  it('scales both series to the larger maximum, bars side by side from the bottom', () => {
    const { signups, cancellations, max } = chartBars(
      [
        { day: 'a', signups: 4, cancellations: 1 },
        { day: 'b', signups: 2, cancellations: 0 },
      ],
      100,
      40,
    )
    expect(max).toBe(4)
    expect(signups.map((b) => [b.value, b.height, b.y])).toEqual([
      [4, 40, 0],
      [2, 20, 20],
    ])
    expect(cancellations.map((b) => [b.value, b.height, b.y])).toEqual([
      [1, 10, 30],
      [0, 0, 40],
    ])
    // Within each day's slot (50 wide): the cancellation bar starts where the signup bar ends.
    expect(cancellations[0]?.x).toBe((signups[0]?.x ?? 0) + (signups[0]?.width ?? 0))
    expect(signups[1]?.x).toBeGreaterThanOrEqual(50)
  })

  it('draws nothing tall for an empty month (max 1, zero-height bars)', () => {
    const { signups, max } = chartBars([{ day: 'a', signups: 0, cancellations: 0 }], 10, 10)
    expect(max).toBe(1)
    expect(signups[0]?.height).toBe(0)
  })
})
