import { fail } from '@sveltejs/kit'
import { m } from '../../../lib/paraglide/messages.js'
import { emailSchema, parseFields, readFields } from '../../../lib/server/accounts/forms.ts'
import { minutesUntil, orUnavailable, requireAccounts } from '../../../lib/server/accounts/http.ts'
import type { Actions } from './$types'

/**
 * "Forgot password": the same answer whether the address has an account or not ("if an account
 * uses …, a link is on its way"); only an account's mailbox gets the link. 3 per 15 minutes.
 */
export const actions: Actions = {
  default: async ({ request, locals }) => {
    const fields = await readFields(request)
    const values = { email: fields.email ?? '' }
    const parsed = parseFields(emailSchema(), fields)
    if (!parsed.ok) return fail(400, { values, errors: parsed.errors, message: null })
    const service = requireAccounts()
    return orUnavailable(values, async () => {
      const outcome = await service.requestReset({ email: parsed.data.email, locale: locals.locale })
      if (!outcome.sent) {
        return fail(429, {
          values,
          errors: {},
          message: m.account_rate_limited({ minutes: minutesUntil(outcome.retryAt) }),
        })
      }
      return { sent: true as const, values: { email: parsed.data.email }, errors: {}, message: null }
    })
  },
}
