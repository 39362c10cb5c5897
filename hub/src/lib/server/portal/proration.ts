/**
 * The sandbox's simulation of a prorated plan change, the way Stripe (`create_prorations`) and
 * Paddle (`prorated_immediately`) compute it: the unused rest of the current period on the old
 * price is credited, the same rest on the new price is charged, and the customer pays (or is
 * credited) the difference. During a trial nothing is charged: the new price applies from the
 * first renewal.
 */

const DAY_MS = 86_400_000

/** Length of one billing period, in ms: 30 days a month (the sandbox's periods), 365 a year. */
export const periodMs = (interval: 'month' | 'year') => (interval === 'year' ? 365 : 30) * DAY_MS

export type ProrationInput = {
  from: { priceMinor: number; interval: 'month' | 'year' }
  to: { priceMinor: number; interval: 'month' | 'year' }
  /** End of the current period; null (unknown) prorates nothing. */
  periodEnd: Date | null
  trialing: boolean
  now: Date
}

/** Amounts in minor units of the plans' currency. `amountMinor` > 0: a charge; < 0: a credit. */
export type Proration = { creditMinor: number; chargeMinor: number; amountMinor: number; remainingMs: number }

/**
 * The proration of changing from one price to another now, for the rest of the current period.
 * Each side is rounded to the minor unit separately, as the providers do per line.
 */
export function prorate(input: ProrationInput): Proration {
  const remainingMs =
    input.periodEnd && !input.trialing ? Math.max(0, input.periodEnd.getTime() - input.now.getTime()) : 0
  const share = (price: { priceMinor: number; interval: 'month' | 'year' }) =>
    Math.round(
      (price.priceMinor * Math.min(remainingMs, periodMs(price.interval))) / periodMs(price.interval),
    )
  const creditMinor = share(input.from)
  const chargeMinor = share(input.to)
  return { creditMinor, chargeMinor, amountMinor: chargeMinor - creditMinor, remainingMs }
}
