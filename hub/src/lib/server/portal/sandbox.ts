/**
 * The customer portal on the sandbox provider: the events Stripe would send after a plan change
 * or a cancel at period end (and its undo), delivered to the hub's real webhook endpoint with
 * `sendSandboxEvents` so that the state changes through the inbox and the state machine; and the
 * invoices, read back from what the sandbox sent (its `invoice.*` events in the `billing-events`
 * inbox: the sandbox has no store of its own, decision 090).
 */

import { randomBytes } from 'node:crypto'
import {
  buildStripeInvoiceEvent,
  buildStripeSubscriptionEvent,
  type StripeEventJson,
  type StripeSubscriptionStatus,
} from '@lyceum/billing'
import type { CmsClient } from '@lyceum/cms-client'
import { z } from 'zod'
import { nextSandboxEventTime, type SandboxSubscription } from '../billing/sandbox.ts'
import { sandboxPriceId } from '../billing/sandbox-ids.ts'
import { periodMs } from './proration.ts'
import type { PortalInvoice } from './providers.ts'

const hex = () => randomBytes(8).toString('hex')

function subscriptionEvent(
  subscription: SandboxSubscription,
  at: Date,
  changes: { planCode?: string; cancelAtPeriodEnd?: boolean },
): StripeEventJson {
  const periodEnd = subscription.currentPeriodEnd ?? at
  return buildStripeSubscriptionEvent({
    eventId: `evt_sandbox_${hex()}`,
    type: 'customer.subscription.updated',
    created: at,
    subscriptionId: subscription.subscriptionId,
    customerId: subscription.customerId,
    tenantId: subscription.tenantId,
    status: subscription.status as StripeSubscriptionStatus,
    currentPeriodStart: new Date(periodEnd.getTime() - periodMs('month')),
    currentPeriodEnd: periodEnd,
    trialEnd: subscription.trialEnd ?? null,
    cancelAtPeriodEnd: changes.cancelAtPeriodEnd ?? subscription.cancelAtPeriodEnd ?? false,
    priceId: sandboxPriceId(changes.planCode ?? subscription.planCode),
  })
}

/**
 * A plan change, as Stripe reports one made with `proration_behavior: 'create_prorations'` and
 * invoiced at once: the proration invoice (when there is something to prorate; a credit is a
 * negative amount) then `customer.subscription.updated` with the new price.
 */
export function sandboxPlanChangeEvents(
  subscription: SandboxSubscription,
  to: { code: string; currency: string },
  amountMinor: number,
  now: Date,
): StripeEventJson[] {
  const at = nextSandboxEventTime(subscription.lastEventAt, now)
  const events: StripeEventJson[] = []
  if (amountMinor !== 0) {
    events.push(
      buildStripeInvoiceEvent({
        eventId: `evt_sandbox_${hex()}`,
        type: 'invoice.paid',
        created: at,
        invoiceId: `in_sandbox_${hex()}`,
        subscriptionId: subscription.subscriptionId,
        customerId: subscription.customerId,
        tenantId: subscription.tenantId,
        periodStart: at,
        periodEnd: subscription.currentPeriodEnd ?? at,
        amountDue: amountMinor,
        currency: to.currency.toLowerCase(),
        billingReason: 'subscription_update',
      }),
    )
  }
  events.push(subscriptionEvent(subscription, at, { planCode: to.code }))
  return events
}

/** Cancel at period end (`cancel`) or its undo: `customer.subscription.updated`, nothing else. */
export function sandboxCancelAtPeriodEndEvents(
  subscription: SandboxSubscription,
  cancel: boolean,
  now: Date,
): StripeEventJson[] {
  const at = nextSandboxEventTime(subscription.lastEventAt, now)
  return [subscriptionEvent(subscription, at, { cancelAtPeriodEnd: cancel })]
}

const invoicePayloadSchema = z.object({
  type: z.enum(['invoice.paid', 'invoice.payment_failed']),
  data: z.object({
    object: z.object({
      id: z.string(),
      amount_due: z.number().int(),
      currency: z.string(),
      billing_reason: z.string().nullish(),
    }),
  }),
})

/**
 * The invoices the sandbox sent for a school, newest first: its `invoice.paid` and
 * `invoice.payment_failed` events in the inbox. Rows of other providers are left out.
 * @throws CmsError when the cms cannot be read.
 */
export async function sandboxInvoices(
  cms: CmsClient,
  tenantId: string,
  limit = 24,
): Promise<PortalInvoice[]> {
  const { docs } = await cms.find('billing-events', {
    where: {
      and: [
        { tenant: { equals: tenantId } },
        { provider: { equals: 'sandbox' } },
        { type: { in: ['invoice.paid', 'invoice.payment_failed'] } },
      ],
    },
    sort: '-occurredAt',
    limit,
    depth: 0,
  })
  return docs.flatMap((row) => {
    const parsed = invoicePayloadSchema.safeParse(row.payload)
    if (!parsed.success) return []
    const invoice = parsed.data.data.object
    const reason = invoice.billing_reason
    return [
      {
        id: invoice.id,
        date: row.occurredAt,
        amountMinor: invoice.amount_due,
        currency: invoice.currency.toUpperCase(),
        status: parsed.data.type === 'invoice.paid' ? 'paid' : 'failed',
        reason:
          reason === 'subscription_create'
            ? 'create'
            : reason === 'subscription_cycle'
              ? 'cycle'
              : reason === 'subscription_update'
                ? 'update'
                : 'other',
        url: null,
      } satisfies PortalInvoice,
    ]
  })
}
