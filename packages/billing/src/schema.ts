import { z } from 'zod'
import { type BillingEventErrorCode, errorFromIssues } from './errors.ts'

/** A unix timestamp in seconds (Stripe), parsed to a `Date`. */
export const unixSeconds = z
  .number()
  .int()
  .nonnegative()
  .transform((seconds) => new Date(seconds * 1000))

/** An ISO 8601 timestamp with `Z` or an offset (Paddle sends microseconds; `Date` keeps milliseconds). */
export const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value))

/** A non-empty provider id. */
export const providerId = z.string().min(1)

/**
 * Our tenant id inside provider metadata (Stripe `metadata`, Paddle `custom_data`). Other keys are
 * ignored; `tenant_id`, when present, must be a string (we always write one). Empty means absent.
 */
export const metadataTenantId = z
  .object({ tenant_id: z.string().nullish() })
  .nullish()
  .transform((metadata) => (metadata?.tenant_id ? metadata.tenant_id : null))

/** Parses `input` with `schema` or throws a `BillingEventError` naming each failing field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: BillingEventErrorCode,
  context: string,
  prefix: string,
  details: { eventId?: string | null; eventType?: string | null } = {},
): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw errorFromIssues(code, context, parsed.error.issues, prefix, details)
  return parsed.data
}

/** The latest of some optional dates, or null. */
export function latest(dates: ReadonlyArray<Date | null | undefined>): Date | null {
  let best: Date | null = null
  for (const date of dates) {
    if (date && (best === null || date.getTime() > best.getTime())) best = date
  }
  return best
}
