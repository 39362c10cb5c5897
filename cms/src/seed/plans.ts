/**
 * The plans offered on the pricing page. Seeded (created or brought up to date) on every start,
 * so this file is their source of truth in development; production operators edit them in the cms.
 */
export type PlanSeed = {
  code: string
  name: string
  priceMinor: number
  currency: string
  interval: 'month' | 'year'
  trialDays: number
  sortOrder: number
  limits: { seats: number; storageBytes: number; courses: number }
}

const GB = 1_000_000_000

export const PLANS: PlanSeed[] = [
  {
    code: 'starter',
    name: 'Starter',
    priceMinor: 2900,
    currency: 'EUR',
    interval: 'month',
    trialDays: 14,
    sortOrder: 1,
    limits: { seats: 50, storageBytes: 2 * GB, courses: 5 },
  },
  {
    code: 'growth',
    name: 'Growth',
    priceMinor: 7900,
    currency: 'EUR',
    interval: 'month',
    trialDays: 14,
    sortOrder: 2,
    limits: { seats: 500, storageBytes: 20 * GB, courses: 50 },
  },
  {
    code: 'scale',
    name: 'Scale',
    priceMinor: 19900,
    currency: 'EUR',
    interval: 'month',
    trialDays: 0,
    sortOrder: 3,
    limits: { seats: 5000, storageBytes: 200 * GB, courses: 500 },
  },
]
