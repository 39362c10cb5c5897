import { redirect } from '@sveltejs/kit'
import { accounts } from '../../lib/server/accounts/runtime.ts'
import { clearSessionCookie, SESSION_COOKIE } from '../../lib/server/session.ts'
import type { RequestHandler } from './$types'

/**
 * `POST /logout` (the header's sign-out button): deletes the session in the cms and the cookie,
 * then back to the home page. Cross-origin form posts are refused 403 by SvelteKit first.
 */
export const POST: RequestHandler = async ({ cookies, url }) => {
  const token = cookies.get(SESSION_COOKIE)
  if (token && accounts) {
    try {
      await accounts.closeSession(token)
    } catch (error) {
      // The cookie goes anyway; the row expires on its own.
      console.warn('[hub] could not delete a session at sign-out', error)
    }
  }
  clearSessionCookie(cookies, url)
  redirect(303, '/')
}
