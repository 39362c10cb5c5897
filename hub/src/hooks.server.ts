import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks'
import { sequence } from '@sveltejs/kit/hooks'
import { paraglideMiddleware } from './lib/paraglide/server.js'
import { billingPool, startBilling, stopBilling } from './lib/server/billing/runtime.ts'
import { env } from './lib/server/env.ts'
import { handleServerError } from './lib/server/errors.ts'
import { withSecurityHeaders } from './lib/server/security.ts'
import { session } from './lib/server/session.ts'

/**
 * Runs once, before the server listens. Importing env.ts above has already parsed the
 * environment (a bad value stops the start with the variable's name); this says what we run with.
 */
export const init: ServerInit = async () => {
  const host = env.LYCEUM_CMS_HOST ? ` (Host: ${env.LYCEUM_CMS_HOST})` : ''
  const key = env.LYCEUM_PLATFORM_KEY ? 'platform key set' : 'no platform key: public reads only'
  console.log(`[hub] cms ${env.LYCEUM_CMS_URL}${host}, ${key}`)
  // The billing worker (graphile-worker, in the cms's PostgreSQL) runs with the hub; it first
  // re-queues webhook events stored but not processed before a crash.
  await startBilling()
  // adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits `sveltekit:shutdown`;
  // the worker's runner, timers and pool would keep the process alive, so they stop there. A
  // terminal's Ctrl-C reaches the database too: when it is already gone, the worker's stop and
  // the pool's reconnects can keep the process alive, so it exits anyway after SHUTDOWN_GRACE_MS
  // (an unref'd timer: it never delays an exit that happens by itself).
  process.once('sveltekit:shutdown', () => {
    const deadline = setTimeout(() => {
      console.error(`[hub] still running ${SHUTDOWN_GRACE_MS} ms after shutdown (database gone?): exiting`)
      process.exit(0)
    }, SHUTDOWN_GRACE_MS)
    deadline.unref()
    void stopBilling()
      .then(() => billingPool?.end())
      .catch((error: unknown) => console.error('[hub] billing worker did not stop cleanly:', error))
  })
}

/** How long the billing worker may take to stop once the HTTP server has closed, ms. */
const SHUTDOWN_GRACE_MS = 5_000

/** Headers every response gets (src/lib/server/security.ts); the page CSP is SvelteKit's. */
const securityHeaders: Handle = async ({ event, resolve }) =>
  withSecurityHeaders(await resolve(event), { https: event.url.protocol === 'https:' })

/**
 * The request's locale (cookie, else Accept-Language, else en: see i18n.config.ts)
 * for message functions, `event.locals.locale` and `<html lang>`.
 */
const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, async ({ locale }) => {
    event.locals.locale = locale
    const response = await resolve(event, {
      transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale),
    })
    // The same URL answers in another language for another cookie or Accept-Language.
    if (response.headers.get('content-type')?.startsWith('text/html')) {
      response.headers.append('vary', 'Accept-Language, Cookie')
    }
    return response
  })

export const handle = sequence(securityHeaders, session, i18n)

export const handleError: HandleServerError = (input) => handleServerError(input)
