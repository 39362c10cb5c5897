/**
 * Read-only impersonation on a school's host (decision 100). A super-admin arrives from the hub's
 * console at `/impersonate?ticket=…`; the instance redeems the ticket with its own key (the cms
 * checks it is THIS school's, unexpired and unused) and keeps the session it gets back in the
 * ordinary session cookie (host-only, HttpOnly). Every cms call made for that "member" then
 * sends `Authorization: Impersonation <session>` ({@link cmsAuthOf}) and the cms refuses every
 * write; src/proxy.ts refuses every form and server action before it runs (403), except Exit.
 *
 * The session is `imp1.<base64url JSON>.<mac>`: the instance can read its claims (who, until
 * when) for the banner and for noticing expiry, but only the cms can verify or mint one.
 */
import type { CmsAuth } from '@lyceum/cms-client'
import { z } from 'zod'

const PREFIX = 'imp1.'

/** Where the viewer leaves (POST, also without JavaScript). */
export const EXIT_PATH = '/impersonate/exit'

/** The refusal of every write while viewing as the admin. */
export const READ_ONLY_MESSAGE =
  'Read-only: you are viewing this school as its admin, so changes are refused. Exit the view to make changes as yourself.'

/** Whether a session cookie holds an impersonation session rather than a member's JWT. */
export function isImpersonationToken(token: string | undefined): token is string {
  return typeof token === 'string' && token.startsWith(PREFIX)
}

/** The credential a session cookie's token is sent to the cms as. */
export function cmsAuthOf(token: string): CmsAuth {
  return isImpersonationToken(token) ? { impersonation: token } : { token }
}

const claimsSchema = z.object({
  k: z.literal('session'),
  adminEmail: z.string(),
  byEmail: z.string(),
  exp: z.number().int(),
})

/** What the banner shows. */
export type ImpersonationView = { adminEmail: string; byEmail: string; endsAt: Date }

/**
 * The claims of an impersonation session, read WITHOUT verifying them (only the cms can): use
 * them for display once the cms has accepted the session, or to notice it has expired.
 * @returns null for anything that is not an impersonation session.
 */
export function impersonationOf(token: string | undefined): ImpersonationView | null {
  if (!isImpersonationToken(token)) return null
  const body = token.split('.')[1] ?? ''
  try {
    const claims = claimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))
    return { adminEmail: claims.adminEmail, byEmail: claims.byEmail, endsAt: new Date(claims.exp) }
  } catch {
    return null
  }
}

/** `HH:MM UTC`, the banner's end time (the instance's clock zone is not the viewer's). */
export function endsAtLabel(endsAt: Date): string {
  return `${endsAt.toISOString().slice(11, 16)} UTC`
}
