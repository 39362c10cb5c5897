import { error, fail, redirect } from '@sveltejs/kit'
import { activePlan } from '../../../../lib/server/billing/pages.ts'
import { billingConfig } from '../../../../lib/server/billing/runtime.ts'
import {
  type SandboxCard,
  sandboxCheckoutEvents,
  sendSandboxEvents,
  verifySandboxSession,
} from '../../../../lib/server/billing/sandbox.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { findOwnSchool } from '../../../../lib/server/schools.ts'
import type { Actions, PageServerLoad } from './$types'

/**
 * The sandbox's hosted-checkout look-alike (only when no payment provider is configured). The
 * session token is signed by the hub; the school must be the signed-in admin's.
 */
async function requireSession(locals: App.Locals, token: string, pathname: string) {
  const sandbox = billingConfig.sandbox
  if (!sandbox) error(404, 'Not found')
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(pathname)}`)
  const session = verifySandboxSession(token, sandbox.webhookSecret)
  if (!session) error(404, 'Not found')
  const school = await findOwnSchool(cms, locals.account, session.tenantId)
  if (!school) error(404, 'Not found')
  return { session, school, secret: sandbox.webhookSecret }
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { session, school } = await requireSession(locals, params.token, url.pathname)
  const plan = await activePlan(cms, session.planCode)
  if (!plan) error(404, 'Not found')
  return {
    school: { id: school.id, name: school.name },
    plan: {
      name: plan.name,
      priceMinor: plan.priceMinor,
      currency: plan.currency,
      interval: plan.interval,
      trialDays: session.trialDays,
    },
  }
}

async function pay(locals: App.Locals, token: string, origin: string, pathname: string, card: SandboxCard) {
  const { session, school, secret } = await requireSession(locals, token, pathname)
  const { events } = sandboxCheckoutEvents(session, card, new Date())
  try {
    // Over HTTP to this hub's own webhook endpoint, exactly as Stripe would deliver them.
    await sendSandboxEvents(origin, secret, events)
  } catch (cause) {
    console.error('[hub] sandbox checkout: the webhook endpoint refused the events:', cause)
    return fail(502, { failed: true })
  }
  redirect(303, `/schools/${school.id}`)
}

export const actions: Actions = {
  pay: ({ locals, params, url }) => pay(locals, params.token, url.origin, url.pathname, 'ok'),
  failing: ({ locals, params, url }) =>
    pay(locals, params.token, url.origin, url.pathname, 'fails_on_renewal'),
  decline: async ({ locals, params, url }) => {
    await requireSession(locals, params.token, url.pathname)
    return fail(402, { declined: true })
  },
}
