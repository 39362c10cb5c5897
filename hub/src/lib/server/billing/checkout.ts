/**
 * Starting a checkout for a school, with each provider's SDK. Both return the URL to send the
 * buyer to; nothing is stored here: the subscription arrives through the webhooks.
 *
 * - Stripe: a Checkout Session in `subscription` mode for the plan's `providerPrices.stripe`, with
 *   `subscription_data.trial_period_days` = the plan's `trialDays` (when > 0), the school's
 *   existing Stripe customer when it has one (else the buyer's email), and our tenant id in
 *   `metadata`, `subscription_data.metadata` (so every subscription and invoice event carries
 *   it) and `client_reference_id`.
 * - Paddle: a transaction for the plan's `providerPrices.paddle` with the tenant id in
 *   `custom_data`, and the customer reused; Paddle answers with `checkout.url`, its hosted
 *   checkout (the default payment link set in the Paddle dashboard) for this transaction.
 *
 * The tenant id goes under `tenant_id` (what `@lyceum/billing` reads) and `tenantId`.
 */
import type { Plan } from '@lyceum/cms-client'
import type { Locale } from '@lyceum/domain'
import type { Paddle } from '@paddle/paddle-node-sdk'
import type Stripe from 'stripe'

export type CheckoutInput = {
  tenantId: string
  plan: Pick<Plan, 'code' | 'trialDays' | 'providerPrices'>
  /** The signed-in buyer, prefilled when there is no customer yet. */
  email: string
  /** The school's customer at this provider, from its stored subscription. */
  customerId: string | null
  /** Where the provider sends the buyer after paying (Stripe; Paddle uses its payment link's setting). */
  successUrl: string
  cancelUrl: string
  locale: Locale
}

/** The plan has no price at this provider: an operator must set `plans.providerPrices`. */
export class PlanNotForSaleError extends Error {
  override name = 'PlanNotForSaleError'
}

const metadata = (tenantId: string) => ({ tenant_id: tenantId, tenantId })

/**
 * Creates a Stripe Checkout Session (`POST /v1/checkout/sessions`).
 * @returns the session's hosted URL.
 * @throws PlanNotForSaleError without a Stripe price; Stripe's errors otherwise.
 */
export async function createStripeCheckout(stripe: Stripe, input: CheckoutInput): Promise<string> {
  const price = input.plan.providerPrices?.stripe
  if (!price) throw new PlanNotForSaleError(`plan ${input.plan.code} has no Stripe price`)
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price, quantity: 1 }],
    client_reference_id: input.tenantId,
    metadata: metadata(input.tenantId),
    subscription_data: {
      metadata: metadata(input.tenantId),
      ...(input.plan.trialDays > 0 ? { trial_period_days: input.plan.trialDays } : {}),
    },
    ...(input.customerId ? { customer: input.customerId } : { customer_email: input.email }),
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    locale: input.locale,
  })
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
  return session.url
}

/**
 * Creates a Paddle transaction (`POST /transactions`) for the hosted checkout.
 * @returns Paddle's checkout URL for the transaction.
 * @throws PlanNotForSaleError without a Paddle price; Paddle's errors otherwise.
 */
export async function createPaddleCheckout(paddle: Paddle, input: CheckoutInput): Promise<string> {
  const price = input.plan.providerPrices?.paddle
  if (!price) throw new PlanNotForSaleError(`plan ${input.plan.code} has no Paddle price`)
  const transaction = await paddle.transactions.create({
    items: [{ priceId: price, quantity: 1 }],
    customData: metadata(input.tenantId),
    ...(input.customerId ? { customerId: input.customerId } : {}),
  })
  const url = transaction.checkout?.url
  if (!url) {
    throw new Error('Paddle returned no checkout URL: set a default payment link in the Paddle dashboard')
  }
  return url
}
