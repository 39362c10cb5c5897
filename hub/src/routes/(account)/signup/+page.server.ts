import { fail, redirect } from '@sveltejs/kit'
import { m } from '../../../lib/paraglide/messages.js'
import {
  codeSchema,
  emailSchema,
  parseFields,
  readFields,
  signupSchema,
} from '../../../lib/server/accounts/forms.ts'
import { minutesUntil, orUnavailable, requireAccounts } from '../../../lib/server/accounts/http.ts'
import { SESSION_COOKIE, setSessionCookie } from '../../../lib/server/session.ts'
import type { Actions, PageServerLoad } from './$types'

/** A plan code chosen on the pricing page (`?plan=growth`), carried to onboarding; else ''. */
function planCode(value: string | null | undefined): string {
  return value && /^[a-z0-9][a-z0-9_-]{0,63}$/.test(value) ? value : ''
}

const onboardingPath = (plan: string) => (plan ? `/onboarding?plan=${plan}` : '/onboarding')

/**
 * `?step=verify&email=…` (from a sign-in on an unverified account) opens the code step;
 * `?plan=<code>` (from the pricing page) is carried to onboarding.
 */
export const load: PageServerLoad = ({ locals, url }) => {
  const plan = planCode(url.searchParams.get('plan'))
  if (locals.account) redirect(303, onboardingPath(plan))
  const parsed = emailSchema().safeParse({ email: url.searchParams.get('email') ?? '' })
  const verifyEmail = url.searchParams.get('step') === 'verify' && parsed.success ? parsed.data.email : null
  return { verifyEmail, plan }
}

/**
 * Every action answers the same for an address with an account and one without: the code step,
 * "we sent an email to …". Only the mailbox learns the difference (a code, or "you already have
 * an account").
 */
export const actions: Actions = {
  signup: async ({ request, locals }) => {
    const fields = await readFields(request)
    const plan = planCode(fields.plan)
    const values = { email: fields.email ?? '', plan }
    const parsed = parseFields(signupSchema(), fields)
    if (!parsed.ok) return fail(400, { step: 'start' as const, values, errors: parsed.errors })
    const service = requireAccounts()
    return orUnavailable(values, async () => {
      const outcome = await service.startSignup({ ...parsed.data, locale: locals.locale })
      return {
        step: 'verify' as const,
        values: { email: parsed.data.email, plan },
        errors: {},
        notice: outcome.sent ? null : m.account_rate_limited({ minutes: minutesUntil(outcome.retryAt) }),
      }
    })
  },

  resend: async ({ request, locals }) => {
    const fields = await readFields(request)
    const plan = planCode(fields.plan)
    const parsed = parseFields(emailSchema(), fields)
    if (!parsed.ok) {
      return fail(400, {
        step: 'start' as const,
        values: { email: fields.email ?? '', plan },
        errors: parsed.errors,
      })
    }
    const service = requireAccounts()
    const values = { email: parsed.data.email, plan }
    return orUnavailable(values, async () => {
      const outcome = await service.resendCode({ email: parsed.data.email, locale: locals.locale })
      return {
        step: 'verify' as const,
        values,
        errors: {},
        notice: outcome.sent
          ? m.verify_resent()
          : m.account_rate_limited({ minutes: minutesUntil(outcome.retryAt) }),
      }
    })
  },

  verify: async ({ request, cookies, url }) => {
    const fields = await readFields(request)
    const email = (fields.email ?? '').trim().toLowerCase()
    const plan = planCode(fields.plan)
    const parsed = parseFields(codeSchema(), fields)
    if (!parsed.ok) {
      return fail(400, { step: 'verify' as const, values: { email, plan }, errors: parsed.errors })
    }
    const service = requireAccounts()
    const result = await orUnavailable({ email, plan }, async () => {
      const verdict = await service.verifyCode(parsed.data)
      if (!verdict.ok) return verdict
      return {
        ok: true as const,
        token: await service.openSession(verdict.account.id, cookies.get(SESSION_COOKIE)),
      }
    })
    if ('status' in result) return result
    if (result.ok) {
      setSessionCookie(cookies, url, result.token)
      redirect(303, onboardingPath(plan))
    }
    const message =
      result.verdict === 'wrong'
        ? m.verify_error_wrong()
        : result.verdict === 'wrong-last'
          ? m.verify_error_last()
          : m.verify_error_expired()
    return fail(400, { step: 'verify' as const, values: { email, plan }, errors: { code: message } })
  },
}
