import type { NodemailerError } from 'nodemailer'

/**
 * A send or verify that failed. `retryable` says whether trying the same message later can work:
 *
 * - true: the connection failed (refused, reset, timed out, DNS, proxy) or the server answered
 *   with a transient 4xx reply (`451 try later`, `421 closing`, `452 mailbox full`) or 503;
 * - false: the server refused for good with a 5xx reply (`550 no such user`, `552 too big`,
 *   `535 bad credentials`), or the message or configuration is invalid (`code: 'EINVALID'`).
 *
 * A job queue retries with backoff when `retryable` and marks the job failed otherwise.
 */
export class MailError extends Error {
  override readonly name = 'MailError'
  /** Nodemailer's code (`ESOCKET`, `ECONNECTION`, `ETIMEDOUT`, `EENVELOPE`, `EAUTH`, …), or `EINVALID`. */
  readonly code: string
  readonly retryable: boolean
  /** The SMTP reply code when the server answered (e.g. 550), else undefined. */
  readonly responseCode: number | undefined
  /** The SMTP command that failed (`CONN`, `RCPT TO`, `DATA`, `AUTH PLAIN`, …), when known. */
  readonly command: string | undefined
  /** Recipients the server refused. */
  readonly rejected: string[]

  constructor(
    message: string,
    details: {
      code: string
      retryable: boolean
      responseCode?: number | undefined
      command?: string | undefined
      rejected?: string[] | undefined
    },
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.code = details.code
    this.retryable = details.retryable
    this.responseCode = details.responseCode
    this.command = details.command
    this.rejected = details.rejected ?? []
  }
}

/**
 * The mailer configuration is invalid. The message names each bad field and never repeats a
 * password from `smtpUrl`.
 */
export class MailConfigError extends Error {
  override readonly name = 'MailConfigError'
  /** The bad fields, e.g. `['smtpUrl']`. */
  readonly fields: string[]

  constructor(message: string, fields: string[]) {
    super(message)
    this.fields = fields
  }
}

/** Failures of the connection itself: worth retrying later. */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'EPROXY',
  'EMAXLIMIT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/**
 * Whether a nodemailer error is worth retrying (see {@link MailError}). An SMTP reply decides
 * when there is one (nodemailer 10's `permanent` flag: 5xx except 503); with several refused
 * recipients, any transient refusal makes the whole send retryable.
 */
export function isRetryable(err: NodemailerError): boolean {
  if (err.rejectedErrors && err.rejectedErrors.length > 0) return err.rejectedErrors.some(isRetryable)
  if (typeof err.responseCode === 'number') {
    if (typeof err.permanent === 'boolean') return !err.permanent
    return !(err.responseCode >= 500 && err.responseCode < 600 && err.responseCode !== 503)
  }
  return TRANSIENT_CODES.has(err.code ?? '') || TRANSIENT_CODES.has(err.originalCode ?? '')
}

/**
 * Wraps whatever a nodemailer call threw into a {@link MailError}.
 *
 * @param action what was attempted, for the message (`send`, `verify`).
 */
export function toMailError(err: unknown, action: string): MailError {
  if (err instanceof MailError) return err
  if (!(err instanceof Error)) {
    return new MailError(
      `SMTP ${action} failed: ${String(err)}`,
      { code: 'EUNKNOWN', retryable: false },
      { cause: err },
    )
  }
  const e = err as NodemailerError
  const code = e.code ?? 'EUNKNOWN'
  const retryable = isRetryable(e)
  return new MailError(
    `SMTP ${action} failed (${code}${e.responseCode ? ` ${e.responseCode}` : ''}, ${retryable ? 'retryable' : 'not retryable'}): ${e.message}`,
    { code, retryable, responseCode: e.responseCode, command: e.command, rejected: e.rejected },
    { cause: err },
  )
}
