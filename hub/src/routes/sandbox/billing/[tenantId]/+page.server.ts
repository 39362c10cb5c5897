import { error, redirect } from '@sveltejs/kit'
import { sandboxSubscriptionOf } from '../../../../lib/server/billing/pages.ts'
import { billingConfig } from '../../../../lib/server/billing/runtime.ts'
import { failsOnRenewal } from '../../../../lib/server/billing/sandbox.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { sandboxInvoices } from '../../../../lib/server/portal/sandbox.ts'
import { findOwnSchool } from '../../../../lib/server/schools.ts'
import type { PageServerLoad } from './$types'

/**
 * The sandbox's stand-in for Stripe's customer portal (sandbox mode only, the school's admins
 * only): the card on file and the invoices the sandbox sent.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!billingConfig.sandbox) error(404, 'Not found')
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
  const school = await findOwnSchool(cms, locals.account, params.tenantId)
  if (!school) error(404, 'Not found')
  const [subscription, invoices] = await Promise.all([
    sandboxSubscriptionOf(cms, school.id),
    sandboxInvoices(cms, school.id),
  ])
  return {
    school: { id: school.id, name: school.name },
    card: subscription ? (failsOnRenewal(subscription.subscriptionId) ? 'failing' : 'ok') : null,
    invoices,
  }
}
