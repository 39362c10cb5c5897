import type { CmsClient } from '@lyceum/cms-client'
import { BILLING_INTERVALS, currencySchema, minorUnitsSchema } from '@lyceum/domain'
import { z } from 'zod'

/** What the pricing page shows of a plan (nothing else of the document leaves the server). */
const planCardSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  priceMinor: minorUnitsSchema,
  currency: currencySchema.refine(isKnownCurrency, { message: 'Unknown currency.' }),
  interval: z.enum(BILLING_INTERVALS),
  trialDays: z.number().int().nonnegative(),
  limits: z.object({
    seats: z.number().int().nonnegative(),
    storageBytes: z.number().nonnegative(),
    courses: z.number().int().nonnegative(),
  }),
})

export type PlanCard = z.infer<typeof planCardSchema>

function isKnownCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code })
    return true
  } catch {
    return false
  }
}

/** More than the pricing page could ever show; a page past it is logged, not silently cut. */
const PAGE_SIZE = 50

/**
 * The plans on offer: active ones, by `sortOrder` then name, read from the cms (public).
 * A plan the page could not display (say, an unknown currency) is left out and logged, so one
 * bad document does not take the whole page down.
 *
 * @throws CmsError when the cms cannot be asked (the page turns that into a 503)
 */
export async function listActivePlans(
  cms: Pick<CmsClient, 'find'>,
  log: (message: string) => void = console.warn,
): Promise<PlanCard[]> {
  const page = await cms.find('plans', {
    where: { active: { equals: true } },
    sort: ['sortOrder', 'name'],
    limit: PAGE_SIZE,
  })
  if (page.hasNextPage)
    log(`[hub] more than ${PAGE_SIZE} active plans; the pricing page shows the first ${PAGE_SIZE}`)
  const cards: PlanCard[] = []
  for (const doc of page.docs) {
    const parsed = planCardSchema.safeParse(doc)
    if (parsed.success) cards.push(parsed.data)
    else
      log(
        `[hub] plan ${doc.id} left off the pricing page: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`,
      )
  }
  return cards
}
