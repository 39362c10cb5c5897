/**
 * The hub's sign-in session: an opaque random token in the `lyceum_session` cookie, whose
 * SHA-256 is an `account-sessions` row in the cms (see accounts/service.ts). The `session` hook
 * fills `event.locals.account` on every request.
 */
import type { Handle } from '@sveltejs/kit/hooks'
import { accounts } from './accounts/runtime.ts'
import { clearSessionCookie, SESSION_COOKIE } from './session-cookie.ts'

export {
  clearSessionCookie,
  isLocalHost,
  SESSION_COOKIE,
  sessionCookieOptions,
  setSessionCookie,
} from './session-cookie.ts'

/** A session token as we issue them: 43 base64url characters. Anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

/**
 * Fills `event.locals.account` from the session cookie: the account, or null when signed out,
 * when the token is unknown or expired, or when the cms cannot be reached (the page then shows
 * the signed-out view rather than an error; pages that need the account send to /login).
 */
export const session: Handle = async ({ event, resolve }) => {
  event.locals.account = null
  const token = event.cookies.get(SESSION_COOKIE)
  if (token && accounts) {
    if (!TOKEN_SHAPE.test(token)) {
      clearSessionCookie(event.cookies, event.url)
    } else {
      try {
        event.locals.account = await accounts.sessionAccount(token)
        if (!event.locals.account) clearSessionCookie(event.cookies, event.url)
      } catch (error) {
        console.error('[hub] session lookup failed; treating the request as signed out', error)
      }
    }
  }
  return resolve(event)
}
