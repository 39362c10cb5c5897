import { fail, redirect } from '@sveltejs/kit'
import { safeRedirectPath } from '../../../lib/i18n.ts'
import { m } from '../../../lib/paraglide/messages.js'
import { loginSchema, parseFields, readFields } from '../../../lib/server/accounts/forms.ts'
import { orUnavailable, requireAccounts } from '../../../lib/server/accounts/http.ts'
import { SESSION_COOKIE, setSessionCookie } from '../../../lib/server/session.ts'
import type { Actions, PageServerLoad } from './$types'

/** Where to go after signing in: `?next=` when it is a path of this site, else onboarding. */
function nextPath(value: string | null): string {
  return value ? safeRedirectPath(value) : '/onboarding'
}

export const load: PageServerLoad = ({ locals, url }) => {
  const next = nextPath(url.searchParams.get('next'))
  if (locals.account) redirect(303, next)
  return { next, resetDone: url.searchParams.get('reset') === 'done' }
}

/**
 * Sign-in. Every failure (unknown email, wrong password, locked account, malformed input) gets
 * the one message `login_error` with status 400: the answer never says whether an account
 * exists or is locked. A success opens a new session and deletes the one the browser had.
 */
export const actions: Actions = {
  default: async ({ request, cookies, url, locals }) => {
    const fields = await readFields(request)
    const values = { email: (fields.email ?? '').trim(), next: nextPath(fields.next ?? null) }
    const parsed = parseFields(loginSchema(), fields)
    if (!parsed.ok) return fail(400, { values, errors: {}, message: m.login_error() })
    const service = requireAccounts()
    const result = await orUnavailable(values, async () => {
      const check = await service.checkPassword({ ...parsed.data, locale: locals.locale })
      if (!check.ok) return check
      return {
        ok: true as const,
        token: await service.openSession(check.account.id, cookies.get(SESSION_COOKIE)),
      }
    })
    if ('status' in result) return result
    if (result.ok) {
      setSessionCookie(cookies, url, result.token)
      redirect(303, values.next)
    }
    if (result.reason === 'unverified') {
      redirect(303, `/signup?step=verify&email=${encodeURIComponent(parsed.data.email)}`)
    }
    return fail(400, { values, errors: {}, message: m.login_error() })
  },
}
