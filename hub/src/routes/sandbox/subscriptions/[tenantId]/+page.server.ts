import { fastForwardLifecycle } from '@lyceum/provisioner/engine'
import { error, fail, redirect } from '@sveltejs/kit'
import { z } from 'zod'
import { sandboxSubscriptionOf } from '../../../../lib/server/billing/pages.ts'
import { billingConfig } from '../../../../lib/server/billing/runtime.ts'
import {
  SANDBOX_ACTIONS,
  sandboxAdvanceEvents,
  sendSandboxEvents,
} from '../../../../lib/server/billing/sandbox.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import { findOwnSchool } from '../../../../lib/server/schools.ts'
import type { Actions, PageServerLoad } from './$types'

/** The sandbox's time machine for one school's subscription (sandbox mode only, admins only). */
async function requireSchool(locals: App.Locals, tenantId: string, pathname: string) {
  const sandbox = billingConfig.sandbox
  if (!sandbox) error(404, 'Not found')
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(pathname)}`)
  const school = await findOwnSchool(cms, locals.account, tenantId)
  if (!school) error(404, 'Not found')
  return { school, secret: sandbox.webhookSecret }
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { school } = await requireSchool(locals, params.tenantId, url.pathname)
  const subscription = await sandboxSubscriptionOf(cms, school.id)
  return {
    school: { id: school.id, name: school.name },
    subscription: subscription && {
      status: subscription.status,
      currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
      failingCard: subscription.subscriptionId.startsWith('sub_sandbox_failing_'),
    },
    sent: url.searchParams.get('sent'),
  }
}

/**
 * `skip_wait` is the time machine's other half: the provider's events move the subscription, and
 * skipping makes the school's next waiting lifecycle job (the suspend at the end of a grace
 * period, the deprovision at the end of the retention period, the purge) run now.
 */
const actionSchema = z.object({ action: z.enum([...SANDBOX_ACTIONS, 'skip_wait']) })

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const { school, secret } = await requireSchool(locals, params.tenantId, url.pathname)
    const parsed = actionSchema.safeParse({ action: (await request.formData()).get('action') })
    if (!parsed.success) return fail(400, { invalidAction: true })
    if (parsed.data.action === 'skip_wait') {
      if (!env.DATABASE_URL) error(503, 'The time machine needs the hub’s DATABASE_URL.')
      const skipped = await fastForwardLifecycle(env.DATABASE_URL, school.id)
      if (!skipped) return fail(409, { nothingWaiting: true })
      redirect(303, `${url.pathname}?sent=skip_wait`)
    }
    const subscription = await sandboxSubscriptionOf(cms, school.id)
    if (!subscription) return fail(409, { noSubscription: true })
    try {
      await sendSandboxEvents(
        url.origin,
        secret,
        sandboxAdvanceEvents(subscription, parsed.data.action, new Date()),
      )
    } catch (cause) {
      console.error('[hub] sandbox: the webhook endpoint refused the events:', cause)
      return fail(502, { failed: true })
    }
    redirect(303, `${url.pathname}?sent=${parsed.data.action}`)
  },
}
