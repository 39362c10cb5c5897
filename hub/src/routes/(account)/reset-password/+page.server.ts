import { fail, redirect } from '@sveltejs/kit'
import { m } from '../../../lib/paraglide/messages.js'
import { parseFields, readFields, resetSchema } from '../../../lib/server/accounts/forms.ts'
import { orUnavailable, requireAccounts } from '../../../lib/server/accounts/http.ts'
import type { Actions, PageServerLoad } from './$types'

/** `?token=…` from the mail. The form is shown only while the token can still be used. */
export const load: PageServerLoad = async ({ url }) => {
  const token = url.searchParams.get('token') ?? ''
  const service = requireAccounts()
  const valid = /^[A-Za-z0-9_-]{43}$/.test(token) && (await service.resetTokenValid(token))
  return { token: valid ? token : null }
}

export const actions: Actions = {
  /** Sets the new password (the token then works no more; every session is closed), then sign-in. */
  default: async ({ request }) => {
    const fields = await readFields(request)
    const token = fields.token ?? ''
    const parsed = parseFields(resetSchema(), fields)
    if (!parsed.ok) {
      if (parsed.errors.token) return fail(400, { token: null, errors: {}, message: m.reset_invalid() })
      return fail(400, { token, errors: parsed.errors, message: null })
    }
    const service = requireAccounts()
    const done = await orUnavailable({}, () => service.resetPassword(parsed.data))
    if (done === true) redirect(303, '/login?reset=done')
    if (done === false) return fail(400, { token: null, errors: {}, message: m.reset_invalid() })
    return done
  },
}
