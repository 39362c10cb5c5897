import { isCmsError } from '@lyceum/cms-client'
import { error, fail, redirect } from '@sveltejs/kit'
import { m } from '../../../lib/paraglide/messages.js'
import { onboardingSchema, parseFields, readFields } from '../../../lib/server/accounts/forms.ts'
import { requireAccounts } from '../../../lib/server/accounts/http.ts'
import { createSchool, listPlanOptions, slugAvailable } from '../../../lib/server/accounts/onboarding.ts'
import { cms } from '../../../lib/server/cms.ts'
import { env } from '../../../lib/server/env.ts'
import type { Actions, PageServerLoad } from './$types'

const DEFAULT_COLOR = '#1d4ed8'

async function plansOr503() {
  try {
    return await listPlanOptions(cms)
  } catch (err) {
    if (isCmsError(err)) error(503, m.account_unavailable())
    throw err
  }
}

/** Signed-in only; `?plan=<code>` (from the pricing page) preselects a plan. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.account) redirect(303, '/login?next=/onboarding')
  requireAccounts()
  const plans = await plansOr503()
  const wanted = plans.find((plan) => plan.code === url.searchParams.get('plan'))
  return {
    email: locals.account.email,
    plans,
    rootDomain: env.LYCEUM_ROOT_DOMAIN,
    defaults: {
      name: '',
      slug: '',
      locale: locals.locale,
      primaryColor: DEFAULT_COLOR,
      plan: wanted?.id ?? plans[0]?.id ?? '',
    },
  }
}

export const actions: Actions = {
  /** Creates the school, then on to checkout. Field errors come back with what was typed. */
  default: async ({ request, locals }) => {
    if (!locals.account) redirect(303, '/login?next=/onboarding')
    const fields = await readFields(request)
    const values = {
      name: fields.name ?? '',
      slug: fields.slug ?? '',
      locale: fields.locale ?? '',
      primaryColor: fields.primaryColor ?? DEFAULT_COLOR,
      plan: fields.plan ?? '',
    }
    const parsed = parseFields(onboardingSchema(env.LYCEUM_RESERVED_SLUGS), fields)
    const errors = parsed.ok ? {} : { ...parsed.errors }
    let result: Awaited<ReturnType<typeof createSchool>> | null = null
    try {
      const plans = await listPlanOptions(cms)
      if (parsed.ok && !plans.some((plan) => plan.id === parsed.data.plan)) {
        errors.plan = m.onboarding_error_plan()
      }
      if (parsed.ok && !(await slugAvailable(cms, parsed.data.slug))) {
        errors.slug = m.onboarding_slug_taken()
      }
      if (!parsed.ok || Object.keys(errors).length > 0) return fail(400, { values, errors, message: null })
      result = await createSchool(cms, locals.account.id, parsed.data)
    } catch (err) {
      if (!isCmsError(err)) throw err
      console.warn('[hub] onboarding: the cms failed', err)
      return fail(503, { values, errors, message: m.account_unavailable() })
    }
    if (!result.ok) return fail(400, { values, errors: { slug: m.onboarding_slug_taken() }, message: null })
    redirect(303, `/checkout/${result.tenantId}`)
  },
}
