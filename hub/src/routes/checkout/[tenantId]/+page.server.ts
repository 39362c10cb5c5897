import { error, fail, redirect } from '@sveltejs/kit'
import {
  createPaddleCheckout,
  createStripeCheckout,
  PlanNotForSaleError,
} from '../../../lib/server/billing/checkout.ts'
import {
  activePlan,
  availableProviders,
  type CheckoutFieldErrors,
  customerIdAt,
  parseCheckoutForm,
} from '../../../lib/server/billing/pages.ts'
import { billingConfig, paddle, stripe } from '../../../lib/server/billing/runtime.ts'
import { SANDBOX_SESSION_TTL_MS, signSandboxSession } from '../../../lib/server/billing/sandbox.ts'
import { cms } from '../../../lib/server/cms.ts'
import { env } from '../../../lib/server/env.ts'
import { listActivePlans } from '../../../lib/server/plans.ts'
import { findOwnSchool } from '../../../lib/server/schools.ts'
import type { Actions, PageServerLoad } from './$types'

/**
 * Checkout for one school: only a signed-in admin of that school gets here; anyone else gets the
 * same 404 as for a school that does not exist. Signed-out visitors are sent to sign in first.
 */
async function requireSchool(locals: App.Locals, tenantId: string, pathname: string) {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(pathname)}`)
  const school = await findOwnSchool(cms, locals.account, tenantId)
  if (!school) error(404, 'Not found')
  return { account: locals.account, school }
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { school } = await requireSchool(locals, params.tenantId, url.pathname)
  const plans = await listActivePlans(cms)
  const current = typeof school.plan === 'string' ? school.plan : school.plan?.id
  const currentPlan = current ? (await cms.findByID('plans', current))?.code : undefined
  return {
    school: { id: school.id, name: school.name },
    plans,
    selectedPlan: currentPlan ?? plans[0]?.code ?? null,
    providers: availableProviders(billingConfig),
  }
}

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const { account, school } = await requireSchool(locals, params.tenantId, url.pathname)
    const form = await request.formData()
    const values = { plan: String(form.get('plan') ?? ''), provider: String(form.get('provider') ?? '') }
    const providers = availableProviders(billingConfig)
    const refuse = (status: number, errors: CheckoutFieldErrors, providerDown = false) =>
      fail(status, { values, errors, providerDown })
    const parsed = parseCheckoutForm(form, providers)
    if (!parsed.ok) return refuse(400, parsed.errors)
    const plan = await activePlan(cms, parsed.plan)
    if (!plan) return refuse(400, { plan: 'unknown' })
    const customerId = await customerIdAt(cms, school.id, parsed.provider)

    if (parsed.provider === 'sandbox' && billingConfig.sandbox) {
      const token = signSandboxSession(
        {
          tenantId: school.id,
          planCode: plan.code,
          trialDays: plan.trialDays,
          customerId,
          exp: Date.now() + SANDBOX_SESSION_TTL_MS,
        },
        billingConfig.sandbox.webhookSecret,
      )
      redirect(303, `/checkout/sandbox/${token}`)
    }

    const input = {
      tenantId: school.id,
      plan,
      email: account.email,
      customerId,
      successUrl: `${env.LYCEUM_HUB_PUBLIC_URL}/schools/${school.id}`,
      cancelUrl: `${env.LYCEUM_HUB_PUBLIC_URL}/checkout/${school.id}`,
      locale: locals.locale,
    }
    let target: string
    try {
      if (parsed.provider === 'stripe' && stripe) target = await createStripeCheckout(stripe, input)
      else if (parsed.provider === 'paddle' && paddle) target = await createPaddleCheckout(paddle, input)
      else return refuse(400, { provider: 'invalid' })
    } catch (cause) {
      if (cause instanceof PlanNotForSaleError) {
        console.error(`[hub] checkout: ${cause.message}; set plans.providerPrices in the cms`)
        return refuse(400, { plan: 'not_for_sale' })
      }
      console.error(`[hub] checkout: ${parsed.provider} refused or did not answer:`, cause)
      return refuse(502, {}, true)
    }
    redirect(303, target)
  },
}
