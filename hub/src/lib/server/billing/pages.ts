/**
 * Server logic shared by the checkout pages: who may pay for a school, which providers are on,
 * the checkout form's validation, and the school's sandbox subscription.
 */
import type { CmsClient, Plan, Subscription } from '@lyceum/cms-client'
import type { BillingProvider } from '@lyceum/domain'
import { z } from 'zod'
import type { BillingConfig } from './config.ts'
import type { SandboxSubscription } from './sandbox.ts'

/** The providers a buyer may choose from: Stripe and/or Paddle, else the sandbox alone. */
export function availableProviders(
  config: Pick<BillingConfig, 'stripe' | 'paddle' | 'sandbox'>,
): BillingProvider[] {
  const providers: BillingProvider[] = []
  if (config.stripe) providers.push('stripe')
  if (config.paddle) providers.push('paddle')
  if (config.sandbox) providers.push('sandbox')
  return providers
}

/** Field error codes the page turns into messages. */
export type CheckoutFieldErrors = { plan?: 'required' | 'unknown' | 'not_for_sale'; provider?: 'invalid' }

/**
 * Validates the checkout form: `plan` (a plan code), `provider` (one of `providers`; may be left
 * out when there is only one).
 */
export function parseCheckoutForm(
  form: FormData,
  providers: readonly BillingProvider[],
): { ok: true; plan: string; provider: BillingProvider } | { ok: false; errors: CheckoutFieldErrors } {
  const only = providers.length === 1 ? providers[0] : undefined
  const schema = z.object({
    plan: z.string().trim().min(1).max(100),
    provider: z.enum(providers as [BillingProvider, ...BillingProvider[]]),
  })
  const parsed = schema.safeParse({
    plan: form.get('plan') ?? '',
    provider: form.get('provider') ?? only ?? '',
  })
  if (parsed.success) return { ok: true, ...parsed.data }
  const errors: CheckoutFieldErrors = {}
  for (const issue of parsed.error.issues) {
    if (issue.path[0] === 'plan') errors.plan = 'required'
    if (issue.path[0] === 'provider') errors.provider = 'invalid'
  }
  return { ok: false, errors }
}

/** The active plan with this code, or null. */
export async function activePlan(cms: CmsClient, code: string): Promise<Plan | null> {
  const { docs } = await cms.find('plans', {
    where: { and: [{ code: { equals: code } }, { active: { equals: true } }] },
    limit: 1,
  })
  return docs[0] ?? null
}

/** The school's latest subscription, or null. */
export async function latestSubscription(cms: CmsClient, tenantId: string): Promise<Subscription | null> {
  const { docs } = await cms.find('subscriptions', {
    where: { tenant: { equals: tenantId } },
    sort: '-updatedAt',
    limit: 1,
  })
  return docs[0] ?? null
}

/** The school's customer id at `provider`, from its stored subscription (reused at checkout). */
export async function customerIdAt(cms: CmsClient, tenantId: string, provider: BillingProvider) {
  const subscription = await latestSubscription(cms, tenantId)
  return subscription?.provider === provider ? (subscription.providerCustomerId ?? null) : null
}

/** The school's sandbox subscription with what the next sandbox events need, or null. */
export async function sandboxSubscriptionOf(
  cms: CmsClient,
  tenantId: string,
): Promise<SandboxSubscription | null> {
  const subscription = await latestSubscription(cms, tenantId)
  if (subscription?.provider !== 'sandbox') return null
  if (!subscription.providerSubscriptionId || !subscription.providerCustomerId) return null
  const planId = typeof subscription.plan === 'string' ? subscription.plan : subscription.plan?.id
  const plan = planId ? await cms.findByID('plans', planId) : null
  return {
    tenantId,
    subscriptionId: subscription.providerSubscriptionId,
    customerId: subscription.providerCustomerId,
    planCode: plan?.code ?? 'unknown',
    status: subscription.status,
    currentPeriodEnd: subscription.currentPeriodEnd ? new Date(subscription.currentPeriodEnd) : null,
    lastEventAt: subscription.lastEventAt ? new Date(subscription.lastEventAt) : null,
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd ?? false,
    trialEnd: subscription.trialEnd ? new Date(subscription.trialEnd) : null,
    ...(plan ? { priceMinor: plan.priceMinor, currency: plan.currency } : {}),
  }
}
