import type { z } from 'zod'

/**
 * Why a provider event could not be normalised.
 *
 * - `invalid_envelope`: the outer event lacks a usable id, type or timestamp (any event type).
 * - `invalid_payload`: the event has a type we act on but its object misses or mistypes a field we read.
 * - `unknown_status`: the subscription status is not one we know how to map; the provider added one and
 *   this package must learn it before the event can be applied.
 */
export type BillingEventErrorCode = 'invalid_envelope' | 'invalid_payload' | 'unknown_status'

/**
 * Thrown by `normalizeStripeEvent` / `normalizePaddleEvent` for a payload they cannot trust.
 * The inbox should mark the event `failed` with `message`; retrying will not help until the code or
 * the payload changes.
 */
export class BillingEventError extends Error {
  override readonly name = 'BillingEventError'
  readonly code: BillingEventErrorCode
  /** Provider event id when the envelope had one. */
  readonly eventId: string | null
  /** Provider event type when the envelope had one. */
  readonly eventType: string | null
  /** Dotted paths of the offending fields, e.g. `data.object.status`. */
  readonly fields: string[]

  constructor(
    code: BillingEventErrorCode,
    message: string,
    details: { eventId?: string | null; eventType?: string | null; fields?: string[] } = {},
  ) {
    super(message)
    this.code = code
    this.eventId = details.eventId ?? null
    this.eventType = details.eventType ?? null
    this.fields = details.fields ?? []
  }
}

/** Builds a {@link BillingEventError} whose message lists every failing field with zod's explanation. */
export function errorFromIssues(
  code: BillingEventErrorCode,
  context: string,
  issues: z.ZodError['issues'],
  prefix: string,
  details: { eventId?: string | null; eventType?: string | null } = {},
): BillingEventError {
  const fields = issues.map((issue) => [prefix, ...issue.path.map(String)].filter(Boolean).join('.'))
  const described = issues.map((issue, i) => `${fields[i] || '(root)'}: ${issue.message}`).join('; ')
  return new BillingEventError(code, `${context}: ${described}`, { ...details, fields })
}
