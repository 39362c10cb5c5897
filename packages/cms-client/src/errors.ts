import { z } from 'zod'

/**
 * Why a cms call failed.
 * - `validation`: 400/422, the request was refused as invalid (see `fieldErrors`); includes
 *   unique-value clashes, which Payload reports as 400 on the field, not 409.
 * - `unauthorized`: 401 (wrong password, locked account). A wrong or revoked API key, or an
 *   expired or logged-out token, is NOT a 401: the cms treats the caller as anonymous, so public
 *   reads still work, other reads and all writes fail as `forbidden`.
 * - `forbidden`: 403. `not_found`: 404/410 (also an id of another tenant, by design).
 * - `conflict`: 409/412/423 (423: the document is locked for editing).
 * - `payload_too_large`: 413 (file or storage quota), 414/431 (URL or headers too long for a
 *   server or proxy). `rate_limited`: 429.
 * - `server`: 5xx. `network`: the cms could not be reached. `timeout`: no full answer in time
 *   (or 408 from a proxy).
 * - `bad_response`: an answer the client does not understand (not JSON, wrong envelope, an
 *   unexpected status such as 405).
 */
export type CmsErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthorized'
  | 'validation'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad_response'

/** One invalid field, by its path in the document (`slug`, `limits.seats`, `memberships.0.role`). */
export type FieldError = { path: string; message: string }

const RETRYABLE = new Set<CmsErrorCode>(['network', 'timeout', 'server', 'rate_limited'])

/** Messages for when the cms gave none, or gave one not meant for people (5xx). */
const DEFAULT_MESSAGES: Record<CmsErrorCode, string> = {
  not_found: 'Not found.',
  forbidden: 'You are not allowed to do this.',
  unauthorized: 'Please sign in again.',
  validation: 'Some values are not valid.',
  conflict: 'Someone else is changing this right now. Try again in a moment.',
  payload_too_large: 'This is too large.',
  rate_limited: 'Too many requests. Try again in a moment.',
  server: 'The service had a problem. Try again in a moment.',
  network: 'The service cannot be reached. Try again in a moment.',
  timeout: 'The service took too long to answer. Try again in a moment.',
  bad_response: 'The service sent an unexpected answer.',
}

export type CmsErrorInit = {
  code: CmsErrorCode
  /** HTTP status, or 0 when no response arrived (network, timeout). */
  status: number
  /** Safe to show; defaults to a generic message for the code. */
  message?: string
  fieldErrors?: FieldError[]
  /** E.g. `GET /api/plans` (no query string: it may hold personal data). */
  request?: string
  cause?: unknown
}

/**
 * A failed call to the cms. Every client method rejects with this (except for programming
 * errors, such as a malformed `where`, which throw TypeError/RangeError before any request).
 *
 * - `message` is safe to show to people: the cms's own message for 4xx (in the client's
 *   `language`), a generic one otherwise. Details (the response body, the network error) are in
 *   `cause`, for logs only.
 * - `retryable` is true for network failures, timeouts, 5xx and 429. A retried create may
 *   create twice if the first attempt reached the cms: make writes idempotent before retrying.
 */
export class CmsError extends Error {
  override readonly name = 'CmsError'
  readonly code: CmsErrorCode
  readonly status: number
  readonly fieldErrors: FieldError[]
  readonly retryable: boolean
  readonly request: string | undefined

  constructor(init: CmsErrorInit) {
    super(init.message || DEFAULT_MESSAGES[init.code], init.cause === undefined ? {} : { cause: init.cause })
    this.code = init.code
    this.status = init.status
    this.fieldErrors = init.fieldErrors ?? []
    this.retryable = RETRYABLE.has(init.code)
    this.request = init.request
  }
}

/** Whether `value` is a {@link CmsError}, optionally with one of `codes`. */
export function isCmsError(value: unknown, ...codes: CmsErrorCode[]): value is CmsError {
  return value instanceof CmsError && (codes.length === 0 || codes.includes(value.code))
}

/** The error code for an HTTP status that is not 2xx. */
export function codeForStatus(status: number): CmsErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'validation'
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
    case 410:
      return 'not_found'
    case 408:
      return 'timeout'
    case 409:
    case 412:
    case 423:
      return 'conflict'
    case 413:
    case 414:
    case 431:
      return 'payload_too_large'
    case 429:
      return 'rate_limited'
    default:
      return status >= 500 && status <= 599 ? 'server' : 'bad_response'
  }
}

const fieldErrorSchema = z.object({ path: z.string(), message: z.string().optional() })

/**
 * Payload's error body: `{ errors: [{ message, name?, data? }] }`. `data` is
 * `{ errors: [{ path, message }] }` for a ValidationError and `[{ path }]` for a QueryError
 * (a `where` on a path that cannot be queried). Some routes answer `{ message }` alone
 * (an unknown route, a failed logout).
 */
export const errorBodySchema = z.union([
  z.object({
    errors: z
      .array(
        z.object({
          message: z.string().optional(),
          name: z.string().optional(),
          data: z.unknown().optional(),
        }),
      )
      .min(1),
  }),
  z.object({ message: z.string() }),
])

function fieldErrorsOf(data: unknown, fallback: string): FieldError[] {
  const list = z.array(fieldErrorSchema).safeParse(data)
  if (list.success) return list.data.map((e) => ({ path: e.path, message: e.message ?? fallback }))
  const nested = z.object({ errors: z.array(fieldErrorSchema) }).safeParse(data)
  if (nested.success) return nested.data.errors.map((e) => ({ path: e.path, message: e.message ?? fallback }))
  return []
}

/**
 * Builds the error for a non-2xx answer from its status and parsed JSON body (`undefined` when
 * the body was empty or not JSON). For 4xx the message is the cms's; for 5xx and unknown
 * statuses it is generic (Payload hides 5xx details anyway). The body goes into `cause`.
 */
export function errorFromResponse(status: number, body: unknown, request?: string): CmsError {
  const code = codeForStatus(status)
  const parsed = errorBodySchema.safeParse(body)
  const showCmsMessage = status >= 400 && status <= 499 && code !== 'bad_response'
  let message: string | undefined
  const fieldErrors: FieldError[] = []
  if (parsed.success) {
    if ('errors' in parsed.data) {
      message = parsed.data.errors.find((e) => e.message)?.message
      for (const error of parsed.data.errors) {
        fieldErrors.push(...fieldErrorsOf(error.data, error.message ?? DEFAULT_MESSAGES[code]))
      }
    } else {
      message = parsed.data.message
    }
  }
  return new CmsError({
    code,
    status,
    message: showCmsMessage ? message : undefined,
    fieldErrors,
    request,
    cause: { status, body },
  })
}
