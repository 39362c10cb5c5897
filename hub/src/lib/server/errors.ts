import { randomUUID } from 'node:crypto'
import type { RequestEvent } from '@sveltejs/kit'
import type { CaughtError } from '@sveltejs/kit/hooks'

type Log = (message: string, error: unknown) => void

/** What the browser gets for an unexpected error: nothing of the error itself. */
export const UNEXPECTED_ERROR_MESSAGE = 'Internal Error'

/**
 * The body of `handleError` (src/hooks.server.ts), testable on its own.
 *
 * - Unexpected errors (`kind: 'unknown'`: a bug, a failed dependency nobody caught) are logged
 *   with their stack and the request's method, path and route, under a fresh reference; the
 *   browser gets a generic message and that reference, never the error's message or stack.
 * - Errors thrown on purpose with `error(status, …)` and SvelteKit's own (404, 405…) keep their
 *   status and safe message, and are not logged here (their thrower decides).
 *
 * The query string is left out of the log: later flows put tokens there (email verification).
 */
export function handleServerError(
  input: CaughtError & { event: Pick<RequestEvent, 'request' | 'url' | 'route'> },
  log: Log = console.error,
): { message: string; id: string } | undefined {
  if (input.kind !== 'unknown') return undefined
  const id = randomUUID()
  const { request, url, route } = input.event
  log(
    `[hub] unexpected error ${id}: ${request.method} ${url.pathname} (route ${route.id ?? 'none'})`,
    input.error,
  )
  return { message: UNEXPECTED_ERROR_MESSAGE, id }
}
