import { describe, expect, it } from 'vitest'
import { prorate } from './proration.ts'
import { exceededLimits } from './usage.ts'

const DAY = 86_400_000
const now = new Date('2026-03-01T00:00:00Z')
const inDays = (days: number) => new Date(now.getTime() + days * DAY)
const starter = { priceMinor: 2900, interval: 'month' as const }
const growth = { priceMinor: 7900, interval: 'month' as const }

describe('prorate (the sandbox’s simulation of create_prorations)', () => {
  // Each row: from → to, days left in a 30-day period, trialing → credit, charge, net.
  const table = [
    { from: starter, to: growth, left: 15, trialing: false, credit: 1450, charge: 3950, net: 2500 },
    { from: growth, to: starter, left: 15, trialing: false, credit: 3950, charge: 1450, net: -2500 },
    { from: starter, to: growth, left: 30, trialing: false, credit: 2900, charge: 7900, net: 5000 },
    { from: starter, to: growth, left: 10, trialing: false, credit: 967, charge: 2633, net: 1666 },
    { from: starter, to: growth, left: 0, trialing: false, credit: 0, charge: 0, net: 0 },
    { from: starter, to: growth, left: -3, trialing: false, credit: 0, charge: 0, net: 0 },
    { from: starter, to: growth, left: 12, trialing: true, credit: 0, charge: 0, net: 0 },
  ]
  it.each(table)('$from.priceMinor → $to.priceMinor, $left days left, trial $trialing: $net', (row) => {
    const result = prorate({
      from: row.from,
      to: row.to,
      periodEnd: inDays(row.left),
      trialing: row.trialing,
      now,
    })
    expect(result).toMatchObject({ creditMinor: row.credit, chargeMinor: row.charge, amountMinor: row.net })
  })

  it('prorates nothing when the period end is unknown', () => {
    expect(prorate({ from: starter, to: growth, periodEnd: null, trialing: false, now }).amountMinor).toBe(0)
  })

  it('a yearly price is prorated over 365 days', () => {
    const yearly = { priceMinor: 36_500, interval: 'year' as const }
    expect(prorate({ from: starter, to: yearly, periodEnd: inDays(15), trialing: false, now })).toMatchObject(
      {
        creditMinor: 1450,
        chargeMinor: 1500,
      },
    )
  })
})

describe('exceededLimits', () => {
  const limits = { seats: 50, courses: 5, storageBytes: 2_000_000_000 }
  it.each([
    { usage: { seats: 50, courses: 5, storageBytes: 2_000_000_000 }, over: [] },
    { usage: { seats: 51, courses: 0, storageBytes: 0 }, over: ['seats'] },
    { usage: { seats: 1, courses: 6, storageBytes: 0 }, over: ['courses'] },
    { usage: { seats: 1, courses: 1, storageBytes: 2_000_000_001 }, over: ['storage'] },
    { usage: { seats: 99, courses: 9, storageBytes: 3e9 }, over: ['seats', 'courses', 'storage'] },
  ])('$usage → $over', ({ usage, over }) => {
    expect(exceededLimits(usage, { limits })).toEqual(over)
  })
})
