/**
 * The dashboard's arithmetic, pure (no cms): MRR by currency and the per-day series of the
 * last days. The cms is the source of truth for the inputs (see dashboard.ts).
 */

/** Subscription statuses that bring revenue this month: paying, or paying late. */
export const REVENUE_STATUSES = ['active', 'past_due'] as const

export type PlanPrice = { id: string; priceMinor: number; currency: string; interval: 'month' | 'year' }

/**
 * Monthly recurring revenue of one subscription, in the plan currency's minor units (cents):
 * the price for monthly plans, a twelfth of it (rounded) for yearly ones; 0 for statuses that do
 * not bring revenue or an unknown plan.
 */
export function monthlyMinor(status: string, plan: PlanPrice | undefined): number {
  if (!plan || !(REVENUE_STATUSES as readonly string[]).includes(status)) return 0
  return plan.interval === 'year' ? Math.round(plan.priceMinor / 12) : plan.priceMinor
}

/** MRR per currency (upper-case ISO 4217), sorted by currency. Amounts in minor units. */
export type MrrByCurrency = Array<{ currency: string; minor: number; subscriptions: number }>

/**
 * Sums {@link monthlyMinor} over `subscriptions`, per currency of their plan. An entry with
 * `count` stands for that many subscriptions of the same status and plan (default 1).
 */
export function mrrByCurrency(
  subscriptions: Array<{ status: string; planId: string | null; count?: number }>,
  plans: Map<string, PlanPrice>,
): MrrByCurrency {
  const totals = new Map<string, { minor: number; subscriptions: number }>()
  for (const sub of subscriptions) {
    const plan = sub.planId ? plans.get(sub.planId) : undefined
    const minor = monthlyMinor(sub.status, plan)
    if (!plan || minor === 0) continue
    const currency = plan.currency.toUpperCase()
    const total = totals.get(currency) ?? { minor: 0, subscriptions: 0 }
    const count = sub.count ?? 1
    if (count === 0) continue
    total.minor += minor * count
    total.subscriptions += count
    totals.set(currency, total)
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, total]) => ({ currency, ...total }))
}

/** One UTC day of the series: `day` as YYYY-MM-DD. */
export type DayCount = { day: string; signups: number; cancellations: number }

const dayOf = (date: Date) => date.toISOString().slice(0, 10)

/**
 * The last `days` UTC days ending with `now`'s day, oldest first, each with how many of
 * `signups` and `cancellations` (ISO timestamps) fall on it; timestamps outside are ignored.
 */
export function dailySeries(
  now: Date,
  days: number,
  signups: readonly string[],
  cancellations: readonly string[],
): DayCount[] {
  const series: DayCount[] = []
  const index = new Map<string, DayCount>()
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  for (let i = days - 1; i >= 0; i--) {
    const entry = { day: dayOf(new Date(today - i * 86_400_000)), signups: 0, cancellations: 0 }
    series.push(entry)
    index.set(entry.day, entry)
  }
  for (const at of signups) {
    const entry = index.get(dayOf(new Date(at)))
    if (entry) entry.signups++
  }
  for (const at of cancellations) {
    const entry = index.get(dayOf(new Date(at)))
    if (entry) entry.cancellations++
  }
  return series
}

/** Geometry of the server-rendered bar chart (an SVG `viewBox` of `width` × `height`). */
export type ChartBar = { day: string; x: number; width: number; y: number; height: number; value: number }

/**
 * Bars for two series side by side per day, scaled to the larger maximum (at least 1), in a
 * `width` × `height` box with `padding` at the bottom for nothing but breathing room.
 */
export function chartBars(
  series: readonly DayCount[],
  width: number,
  height: number,
): { signups: ChartBar[]; cancellations: ChartBar[]; max: number } {
  const max = Math.max(1, ...series.map((d) => Math.max(d.signups, d.cancellations)))
  const slot = width / Math.max(1, series.length)
  const bar = Math.max(1, (slot - 2) / 2)
  const scale = (value: number) => (value / max) * height
  const bars = (pick: (d: DayCount) => number, offset: number) =>
    series.map((d, i) => {
      const value = pick(d)
      const h = scale(value)
      return { day: d.day, x: i * slot + 1 + offset, width: bar, y: height - h, height: h, value }
    })
  return { signups: bars((d) => d.signups, 0), cancellations: bars((d) => d.cancellations, bar), max }
}
