/**
 * The customer portal's requests to the payment provider that holds a school's subscription:
 * plan change (with its proration preview), cancel at period end and its undo, the provider's
 * billing portal, and the invoices. Stripe and Paddle through their official SDKs. Nothing is
 * stored here: each change comes back through the provider's webhook → inbox → state machine,
 * like every other change (decision 090). The sandbox's equivalents live in `sandbox.ts`.
 */
import type { Paddle } from '@paddle/paddle-node-sdk'
import type Stripe from 'stripe'

/** The subscription as the portal needs it (from the cms `subscriptions` row). */
export type ProviderSubscription = { subscriptionId: string; customerId: string | null }

/** A proration preview: `amountMinor` > 0 is charged now or on the next invoice, < 0 credited. */
export type ChangePreview = { amountMinor: number; currency: string }

/** One invoice, newest first in lists. `url`: the provider's page for it, when it has one. */
export type PortalInvoice = {
  id: string
  /** ISO 8601. */
  date: string
  amountMinor: number
  currency: string
  status: 'paid' | 'open' | 'failed' | 'void' | 'draft'
  reason: 'create' | 'cycle' | 'update' | 'other'
  url: string | null
}

/** What the portal asks of a provider. Every method throws the provider's errors. */
export type PortalBilling = {
  previewChange(subscription: ProviderSubscription, priceId: string): Promise<ChangePreview>
  changePlan(subscription: ProviderSubscription, priceId: string): Promise<void>
  setCancelAtPeriodEnd(subscription: ProviderSubscription, cancel: boolean): Promise<void>
  billingPortalUrl(subscription: ProviderSubscription, returnUrl: string): Promise<string>
  invoices(subscription: ProviderSubscription): Promise<PortalInvoice[]>
}

/** How many invoices the account page lists. */
export const INVOICE_LIMIT = 24

/** Stripe: `subscriptions.update` with `create_prorations`, `invoices.createPreview`, Billing Portal. */
export function stripePortal(stripe: Stripe): PortalBilling {
  const firstItem = async (subscriptionId: string) => {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId)
    const item = subscription.items.data[0]
    if (!item) throw new Error(`Stripe subscription ${subscriptionId} has no item`)
    return { item, subscription }
  }
  return {
    async previewChange({ subscriptionId }, priceId) {
      const { item, subscription } = await firstItem(subscriptionId)
      const preview = await stripe.invoices.createPreview({
        customer:
          typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
        subscription: subscriptionId,
        subscription_details: {
          items: [{ id: item.id, price: priceId }],
          proration_behavior: 'create_prorations',
        },
      })
      // The preview is the next invoice: the proration lines plus the next period; only the
      // proration lines are what the change itself costs.
      const amountMinor = preview.lines.data
        .filter((line) => isProration(line))
        .reduce((sum, line) => sum + line.amount, 0)
      return { amountMinor, currency: preview.currency.toUpperCase() }
    },
    async changePlan({ subscriptionId }, priceId) {
      const { item } = await firstItem(subscriptionId)
      await stripe.subscriptions.update(subscriptionId, {
        items: [{ id: item.id, price: priceId }],
        proration_behavior: 'create_prorations',
      })
    },
    async setCancelAtPeriodEnd({ subscriptionId }, cancel) {
      await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: cancel })
    },
    async billingPortalUrl({ customerId }, returnUrl) {
      if (!customerId) throw new Error('the subscription has no Stripe customer')
      const session = await stripe.billingPortal.sessions.create({
        customer: customerId,
        return_url: returnUrl,
      })
      return session.url
    },
    async invoices({ subscriptionId }) {
      const list = await stripe.invoices.list({ subscription: subscriptionId, limit: INVOICE_LIMIT })
      return list.data.map((invoice) => ({
        id: invoice.number ?? invoice.id ?? '',
        date: new Date(invoice.created * 1000).toISOString(),
        amountMinor: invoice.status === 'paid' ? invoice.amount_paid : invoice.amount_due,
        currency: invoice.currency.toUpperCase(),
        status: stripeStatus(invoice.status),
        reason: stripeReason(invoice.billing_reason),
        url: invoice.hosted_invoice_url ?? null,
      }))
    },
  }
}

/** A line of a proration: `parent.subscription_item_details.proration` (basil on), else `proration`. */
function isProration(line: Stripe.InvoiceLineItem): boolean {
  const legacy = (line as unknown as { proration?: boolean }).proration
  return line.parent?.subscription_item_details?.proration ?? legacy ?? false
}

function stripeStatus(status: string | null): PortalInvoice['status'] {
  if (status === 'paid' || status === 'open' || status === 'void' || status === 'draft') return status
  return 'failed' // uncollectible
}

function stripeReason(reason: Stripe.Invoice.BillingReason | null): PortalInvoice['reason'] {
  if (reason === 'subscription_create') return 'create'
  if (reason === 'subscription_cycle') return 'cycle'
  if (reason === 'subscription_update') return 'update'
  return 'other'
}

/** Paddle: `subscriptions.update` with `prorated_immediately`, scheduled cancel, customer portal. */
export function paddlePortal(paddle: Paddle): PortalBilling {
  const change = (priceId: string) => ({
    items: [{ priceId, quantity: 1 }],
    prorationBillingMode: 'prorated_immediately' as const,
  })
  return {
    async previewChange({ subscriptionId }, priceId) {
      const preview = await paddle.subscriptions.previewUpdate(subscriptionId, change(priceId))
      const result = preview.updateSummary?.result
      if (!result) return { amountMinor: 0, currency: preview.currencyCode }
      const amount = Number.parseInt(result.amount, 10)
      return { amountMinor: result.action === 'credit' ? -amount : amount, currency: result.currencyCode }
    },
    async changePlan({ subscriptionId }, priceId) {
      await paddle.subscriptions.update(subscriptionId, change(priceId))
    },
    async setCancelAtPeriodEnd({ subscriptionId }, cancel) {
      if (cancel) await paddle.subscriptions.cancel(subscriptionId, { effectiveFrom: 'next_billing_period' })
      else await paddle.subscriptions.update(subscriptionId, { scheduledChange: null })
    },
    async billingPortalUrl({ subscriptionId, customerId }) {
      if (!customerId) throw new Error('the subscription has no Paddle customer')
      const session = await paddle.customerPortalSessions.create(customerId, [subscriptionId])
      return session.urls.general.overview
    },
    async invoices({ subscriptionId }) {
      const page = await paddle.transactions
        .list({ subscriptionId: [subscriptionId], perPage: INVOICE_LIMIT, orderBy: 'created_at[DESC]' })
        .next()
      return page.map((transaction) => ({
        id: transaction.invoiceNumber ?? transaction.id,
        date: transaction.billedAt ?? transaction.createdAt,
        amountMinor: Number.parseInt(transaction.details?.totals?.grandTotal ?? '0', 10),
        currency: transaction.currencyCode,
        status: paddleStatus(transaction.status),
        reason: paddleReason(transaction.origin),
        url: null,
      }))
    },
  }
}

function paddleStatus(status: string): PortalInvoice['status'] {
  if (status === 'completed' || status === 'paid') return 'paid'
  if (status === 'past_due') return 'failed'
  if (status === 'canceled') return 'void'
  if (status === 'draft') return 'draft'
  return 'open'
}

function paddleReason(origin: string): PortalInvoice['reason'] {
  if (origin === 'web' || origin === 'api') return 'create'
  if (origin === 'subscription_recurring') return 'cycle'
  if (origin === 'subscription_update') return 'update'
  return 'other'
}
