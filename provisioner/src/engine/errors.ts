/**
 * Errors of the lifecycle engine. A step throws; the engine maps the error to what happens next:
 * - {@link RefusedError}: the request makes no sense for the school's status (resume of a
 *   deprovisioned school…): the run fails at once and the school's status is left alone;
 * - {@link PermanentError} (or an error whose `retryable` is `false`, like a cms `validation`):
 *   retrying cannot help: the run fails at once and the school becomes `failed`;
 * - {@link LeaseLostError}: another worker took the job over (this one stalled past its lease):
 *   nothing is recorded, the other worker carries on;
 * - anything else: retried with backoff until the attempts run out.
 */

/** Retrying cannot help; the school becomes `failed` with this message as its reason. */
export class PermanentError extends Error {
  override name = 'PermanentError'
}

/** The request does not apply to the school in its current status; its status is kept. */
export class RefusedError extends Error {
  override name = 'RefusedError'
}

/** This worker no longer holds the job (its heartbeat lapsed and the job was released). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError'
}

/** Whether an error says retrying cannot help (`retryable === false`, e.g. CmsError, MailError). */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentError) return true
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false
}

/** The message of any thrown value, on one line, at most `max` characters. */
export function messageOf(error: unknown, max = 500): string {
  const text = error instanceof Error ? error.message : String(error)
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
