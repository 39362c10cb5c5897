/**
 * The session cookie's name and attributes (pure: no cms, no env), for session.ts and the tests.
 */
import type { Cookies } from '@sveltejs/kit'
import { SESSION_TTL_MS } from './accounts/rules.ts'

export const SESSION_COOKIE = 'lyceum_session'

/** Hosts served over plain http in development, where a `Secure` cookie would never come back. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '::1'
}

/**
 * The session cookie's attributes: HttpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs), Secure except on localhost, whole site, 7 days (the session's own expiry is
 * the cms row's).
 */
export function sessionCookieOptions(hostname: string) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !isLocalHost(hostname),
    maxAge: SESSION_TTL_MS / 1000,
  }
}

/** Sets the session cookie to a new token (after sign-in or signup). */
export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url.hostname))
}

/** Removes the session cookie. */
export function clearSessionCookie(cookies: Cookies, url: URL): void {
  const { maxAge: _unused, ...options } = sessionCookieOptions(url.hostname)
  cookies.delete(SESSION_COOKIE, options)
}
