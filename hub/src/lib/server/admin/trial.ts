/**
 * The console's "extend trial" (issue 6): moves the end of a trialing subscription later by 1–30
 * days AT THE PROVIDER, and lets the provider's own event bring the change back through the
 * billing inbox — the same path as every other subscription change, so the cms's `trialEnd`
 * never disagrees with the provider's:
 * - Stripe: `subscriptions.update(id, { trial_end, proration_behavior: 'none' })`;
 * - Paddle: `subscriptions.update(id, { nextBilledAt, prorationBillingMode: 'do_not_bill' })`
 *   (Paddle extends a trial by moving its next billing date);
 * - the sandbox: a signed `customer.subscription.updated` (trialing, the new trial end) POSTed to
 *   the hub's own Stripe webhook, as its time machine does.
 */

import { randomBytes } from 'node:crypto'
import { buildStripeSubscriptionEvent } from '@lyceum/billing'
import type { CmsClient, Subscription } from '@lyceum/cms-client'
import type { Paddle } from '@paddle/paddle-node-sdk'
import type Stripe from 'stripe'
import { z } from 'zod'
import { sandboxSubscriptionOf } from '../billing/pages.ts'
import { sendSandboxEvents } from '../billing/sandbox.ts'
import { sandboxPriceId } from '../billing/sandbox-ids.ts'
import type { SuperAdmin } from './guard.ts'

const DAY_MS = 86_400_000

/** The confirmed form: `days` (whole, 1–30) and `confirm=yes`. */
export const extendTrialFormSchema = z.object({
  days: z.coerce
    .number({ message: 'Enter a number of days.' })
    .int({ message: 'Whole days only.' })
    .min(1, { message: 'At least 1 day.' })
    .max(30, { message: 'At most 30 days.' }),
  confirm: z.literal('yes', { message: 'Confirm the action first.' }),
})

/** The payment clients a provider path needs; null where the provider is not configured. */
export type TrialProviders = {
  stripe: Stripe | null
  paddle: Paddle | null
  /** The hub's own origin and the sandbox's signing secret. */
  sandbox: { origin: string; secret: string } | null
}

/** Why a trial could not be extended (the console shows it on the form). */
export class TrialNotExtendable extends Error {}

/** The school's latest subscription, when it is in trial with a known end. */
async function trialingSubscription(cms: CmsClient, tenantId: string): Promise<Subscription> {
  const { docs } = await cms.find('subscriptions', {
    where: { tenant: { equals: tenantId } },
    sort: '-updatedAt',
    limit: 1,
  })
  const subscription = docs[0]
  if (subscription?.status !== 'trialing' || !subscription.trialEnd) {
    throw new TrialNotExtendable('This school’s subscription is not in trial.')
  }
  if (!subscription.providerSubscriptionId) {
    throw new TrialNotExtendable('This subscription has no id at its provider yet.')
  }
  return subscription
}

/**
 * Moves a Stripe or Paddle subscription's trial end to `trialEnd`, without billing anything.
 * @throws TrialNotExtendable when the provider is not configured here; the SDK's error when the
 *   provider refuses.
 */
export async function extendTrialAtProvider(
  clients: Pick<TrialProviders, 'stripe' | 'paddle'>,
  provider: 'stripe' | 'paddle',
  subscriptionId: string,
  trialEnd: Date,
): Promise<void> {
  if (provider === 'stripe') {
    if (!clients.stripe) throw new TrialNotExtendable('Stripe is not configured on this hub.')
    await clients.stripe.subscriptions.update(subscriptionId, {
      trial_end: Math.floor(trialEnd.getTime() / 1000),
      proration_behavior: 'none',
    })
    return
  }
  if (!clients.paddle) throw new TrialNotExtendable('Paddle is not configured on this hub.')
  await clients.paddle.subscriptions.update(subscriptionId, {
    nextBilledAt: trialEnd.toISOString(),
    prorationBillingMode: 'do_not_bill',
  })
}

/**
 * Asks the subscription's provider to end the trial `days` later, then writes
 * `admin.tenant.extend_trial` (details: days, before, after, provider) to the audit log.
 * @returns the trial end before and the one requested (ISO 8601); the cms shows the new one once
 *   the provider's event has been processed (seconds).
 * @throws TrialNotExtendable (not in trial; the provider is not configured here), the SDKs'
 *   errors (the provider refused), CmsError.
 */
export async function extendTrial(
  deps: { cms: CmsClient; providers: TrialProviders },
  admin: SuperAdmin,
  tenantId: string,
  days: number,
): Promise<{ before: string; after: string }> {
  const subscription = await trialingSubscription(deps.cms, tenantId)
  const providerId = subscription.providerSubscriptionId as string
  const before = new Date(subscription.trialEnd as string)
  const after = new Date(before.getTime() + days * DAY_MS)
  const { stripe, paddle, sandbox } = deps.providers
  switch (subscription.provider) {
    case 'stripe':
    case 'paddle':
      await extendTrialAtProvider({ stripe, paddle }, subscription.provider, providerId, after)
      break
    case 'sandbox': {
      if (!sandbox) throw new TrialNotExtendable('The sandbox is off: a real provider is configured.')
      const current = await sandboxSubscriptionOf(deps.cms, tenantId)
      if (!current) throw new TrialNotExtendable('This sandbox subscription is incomplete.')
      // Stamped after the subscription's last event: the processor applies events in order.
      const last = current.lastEventAt?.getTime() ?? 0
      const at = new Date(Math.max(Date.now(), Math.floor(last / 1000) * 1000 + 1000))
      const event = buildStripeSubscriptionEvent({
        eventId: `evt_sandbox_${randomBytes(8).toString('hex')}`,
        type: 'customer.subscription.updated',
        created: at,
        subscriptionId: current.subscriptionId,
        customerId: current.customerId,
        tenantId,
        status: 'trialing',
        currentPeriodEnd: after,
        trialEnd: after,
        priceId: sandboxPriceId(current.planCode),
      })
      await sendSandboxEvents(sandbox.origin, sandbox.secret, [event])
      break
    }
    default:
      throw new TrialNotExtendable(`Unknown provider ${String(subscription.provider)}.`)
  }
  const result = { before: before.toISOString(), after: after.toISOString() }
  await deps.cms.create('audit-log', {
    actor: `user:${admin.id}`,
    tenant: tenantId,
    action: 'admin.tenant.extend_trial',
    target: `subscriptions:${subscription.id}`,
    at: new Date().toISOString(),
    details: { days, ...result, provider: subscription.provider, by: admin.email },
  })
  return result
}
