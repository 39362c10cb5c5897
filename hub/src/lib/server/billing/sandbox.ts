/**
 * The sandbox payment provider (runs when neither Stripe nor Paddle is configured): a hosted
 * checkout look-alike in the hub and a page that advances a subscription's time. It produces
 * events in Stripe's exact shape (`@lyceum/billing` builders), signs them with Stripe's own
 * scheme (`Stripe.webhooks.generateTestHeaderString` with the sandbox secret) and POSTs them to
 * the hub's real `/api/webhooks/stripe` over HTTP, so everything after is the production path.
 *
 * The checkout session is stateless: a token `<base64url JSON>.<HMAC-SHA256>` signed with the
 * sandbox secret, valid for an hour. The card that "fails on renewal" is remembered in the
 * subscription id (`sub_sandbox_failing_…`), since the sandbox has no store of its own.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  buildStripeCheckoutCompletedEvent,
  buildStripeInvoiceEvent,
  buildStripeSubscriptionEvent,
  type StripeEventJson,
} from '@lyceum/billing'
import type { SubscriptionStatus } from '@lyceum/domain'
import Stripe from 'stripe'
import { z } from 'zod'
import { sandboxPriceId } from './sandbox-ids.ts'

const DAY_MS = 86_400_000
/** A sandbox checkout session is valid this long. */
export const SANDBOX_SESSION_TTL_MS = 60 * 60 * 1000

const sessionSchema = z.object({
  tenantId: z.string().min(1),
  planCode: z.string().min(1),
  trialDays: z.number().int().min(0),
  /** The school's existing sandbox customer, reused like Stripe's `customer`. */
  customerId: z.string().nullable(),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
})
export type SandboxSession = z.infer<typeof sessionSchema>

const mac = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64url')

/** Signs a session into a URL-safe token. */
export function signSandboxSession(session: SandboxSession, secret: string): string {
  const body = Buffer.from(JSON.stringify(session)).toString('base64url')
  return `${body}.${mac(body, secret)}`
}

/** The session in `token`, or null when it is forged, malformed or expired. */
export function verifySandboxSession(token: string, secret: string, now = Date.now()): SandboxSession | null {
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined) return null
  const expected = Buffer.from(mac(body, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const session = sessionSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))
    return session.exp > now ? session : null
  } catch {
    return null
  }
}

/** The card the buyer picks on the sandbox checkout page. */
export type SandboxCard = 'ok' | 'fails_on_renewal'

const hex = () => randomBytes(8).toString('hex')
const FAILING = 'sub_sandbox_failing_'

/** Whether a sandbox subscription was paid with the card that fails on renewal. */
export const failsOnRenewal = (subscriptionId: string) => subscriptionId.startsWith(FAILING)

/**
 * The events Stripe sends when a Checkout Session in subscription mode completes: the session,
 * the new subscription (`trialing` with trial days, else `active`) and its first invoice (paid;
 * 0 during a trial).
 */
export function sandboxCheckoutEvents(
  session: SandboxSession,
  card: SandboxCard,
  now: Date,
): { subscriptionId: string; customerId: string; events: StripeEventJson[] } {
  const subscriptionId = `${card === 'fails_on_renewal' ? FAILING : 'sub_sandbox_'}${hex()}`
  const customerId = session.customerId ?? `cus_sandbox_${hex()}`
  const ids = { subscriptionId, customerId, tenantId: session.tenantId }
  const trial = session.trialDays > 0
  const periodEnd = new Date(now.getTime() + (trial ? session.trialDays : 30) * DAY_MS)
  return {
    subscriptionId,
    customerId,
    events: [
      buildStripeCheckoutCompletedEvent({
        eventId: `evt_sandbox_${hex()}`,
        created: now,
        sessionId: `cs_sandbox_${hex()}`,
        ...ids,
        paymentStatus: trial ? 'no_payment_required' : 'paid',
      }),
      buildStripeSubscriptionEvent({
        eventId: `evt_sandbox_${hex()}`,
        type: 'customer.subscription.created',
        created: now,
        ...ids,
        status: trial ? 'trialing' : 'active',
        currentPeriodStart: now,
        currentPeriodEnd: periodEnd,
        trialEnd: trial ? periodEnd : null,
        priceId: sandboxPriceId(session.planCode),
      }),
      buildStripeInvoiceEvent({
        eventId: `evt_sandbox_${hex()}`,
        type: 'invoice.paid',
        created: now,
        invoiceId: `in_sandbox_${hex()}`,
        ...ids,
        periodStart: now,
        periodEnd,
        amountDue: 0,
        billingReason: 'subscription_create',
      }),
    ],
  }
}

/** Time travel on a sandbox subscription. */
export const SANDBOX_ACTIONS = ['renew', 'fail_renewal', 'cancel'] as const
export type SandboxAction = (typeof SANDBOX_ACTIONS)[number]

/** A sandbox subscription as the cms stores it (the fields the next events need). */
export type SandboxSubscription = {
  tenantId: string
  subscriptionId: string
  customerId: string
  planCode: string
  status: SubscriptionStatus
  currentPeriodEnd: Date | null
  lastEventAt: Date | null
  /** Set by the customer portal: the next renewal ends the subscription instead. */
  cancelAtPeriodEnd?: boolean
  trialEnd?: Date | null
  /** The plan's price, for the renewal invoices the sandbox records (minor units). */
  priceMinor?: number
  currency?: string
}

/**
 * The time of the next sandbox event of a subscription: now, but at least a second after its last
 * event (Stripe timestamps have one-second resolution), so events always follow one another.
 */
export function nextSandboxEventTime(lastEventAt: Date | null, now: Date): Date {
  const last = lastEventAt?.getTime() ?? 0
  return new Date(Math.max(now.getTime(), Math.floor(last / 1000) * 1000 + 1000))
}

/**
 * The events of one step in time. `renew`: the next period's invoice is paid and the subscription
 * moves on a period (active); with the failing card it is `fail_renewal` instead: the invoice
 * fails and the subscription becomes past_due; when the owner cancelled at period end it is
 * `cancel` instead. `cancel`: the subscription is deleted (canceled).
 * Events are stamped at least a second after the subscription's last event, so repeated clicks
 * within a second still follow one another (Stripe timestamps have one-second resolution).
 */
export function sandboxAdvanceEvents(
  subscription: SandboxSubscription,
  action: SandboxAction,
  now: Date,
): StripeEventJson[] {
  const at = nextSandboxEventTime(subscription.lastEventAt, now)
  const ids = {
    subscriptionId: subscription.subscriptionId,
    customerId: subscription.customerId,
    tenantId: subscription.tenantId,
  }
  const start =
    subscription.currentPeriodEnd && subscription.currentPeriodEnd > at ? subscription.currentPeriodEnd : at
  const end = new Date(start.getTime() + 30 * DAY_MS)
  const priceId = sandboxPriceId(subscription.planCode)
  const effective =
    action === 'renew' && subscription.cancelAtPeriodEnd
      ? 'cancel'
      : action === 'renew' && failsOnRenewal(subscription.subscriptionId)
        ? 'fail_renewal'
        : action
  const invoice = (type: 'invoice.paid' | 'invoice.payment_failed') =>
    buildStripeInvoiceEvent({
      eventId: `evt_sandbox_${hex()}`,
      type,
      created: at,
      invoiceId: `in_sandbox_${hex()}`,
      ...ids,
      periodStart: start,
      periodEnd: end,
      billingReason: 'subscription_cycle',
      amountDue: subscription.priceMinor ?? 0,
      currency: (subscription.currency ?? 'eur').toLowerCase(),
    })
  const update = (
    status: 'active' | 'past_due' | 'canceled',
    type = 'customer.subscription.updated' as const,
  ) =>
    buildStripeSubscriptionEvent({
      eventId: `evt_sandbox_${hex()}`,
      type,
      created: at,
      ...ids,
      status,
      currentPeriodStart: start,
      currentPeriodEnd: end,
      priceId,
    })
  switch (effective) {
    case 'renew':
      return [invoice('invoice.paid'), update('active')]
    case 'fail_renewal':
      return [invoice('invoice.payment_failed'), update('past_due')]
    case 'cancel':
      return [
        buildStripeSubscriptionEvent({
          eventId: `evt_sandbox_${hex()}`,
          type: 'customer.subscription.deleted',
          created: at,
          ...ids,
          status: 'canceled',
          currentPeriodStart: start,
          currentPeriodEnd: subscription.currentPeriodEnd ?? at,
          priceId,
        }),
      ]
  }
}

/**
 * Delivers events, in order, to `<origin>/api/webhooks/stripe`, signed like Stripe signs them.
 * @throws Error naming the event and the answer when the hub does not acknowledge one.
 */
export async function sendSandboxEvents(
  origin: string,
  secret: string,
  events: readonly StripeEventJson[],
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  for (const event of events) {
    const payload = JSON.stringify(event)
    const response = await fetchImpl(`${origin}/api/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
        // The gateway and adapter-node read the scheme from here (see the hub README).
        'x-forwarded-proto': new URL(origin).protocol.replace(':', ''),
      },
      body: payload,
    })
    if (!response.ok) {
      throw new Error(
        `the hub refused sandbox event ${event.type} ${event.id}: ${response.status} ${await response.text()}`,
      )
    }
  }
}
