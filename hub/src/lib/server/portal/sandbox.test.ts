/**
 * The sandbox's portal events, read back through `@lyceum/billing` exactly as the billing job reads
 * them: a plan change and a cancel at period end (and its undo) change the stored state, one second
 * apart at least, and a renewal after a cancel at period end ends the subscription.
 */
import { applyBillingEvent, normalizeStripeEvent, type SubscriptionState } from '@lyceum/billing'
import { describe, expect, it } from 'vitest'
import { type SandboxSubscription, sandboxAdvanceEvents } from '../billing/sandbox.ts'
import { sandboxCancelAtPeriodEndEvents, sandboxPlanChangeEvents } from './sandbox.ts'

const TENANT = '6f1c2c4e-8d3b-4c55-9a51-0f3a7e2b9d10'
const now = new Date('2026-03-01T10:00:00.400Z')
const periodEnd = new Date('2026-03-20T10:00:00Z')
const subscription: SandboxSubscription = {
  tenantId: TENANT,
  subscriptionId: 'sub_sandbox_1',
  customerId: 'cus_sandbox_1',
  planCode: 'starter',
  status: 'active',
  currentPeriodEnd: periodEnd,
  lastEventAt: new Date('2026-03-01T10:00:00Z'),
  cancelAtPeriodEnd: false,
  trialEnd: null,
}
const state: SubscriptionState = {
  provider: 'sandbox',
  customerId: 'cus_sandbox_1',
  subscriptionId: 'sub_sandbox_1',
  status: 'active',
  currentPeriodEnd: periodEnd,
  trialEnd: null,
  cancelAtPeriodEnd: false,
  lastEventAt: subscription.lastEventAt,
  planPriceId: 'sandbox_starter',
}

const apply = (from: SubscriptionState, events: ReturnType<typeof sandboxPlanChangeEvents>) =>
  events.reduce((current, event) => {
    const decision = applyBillingEvent(current, normalizeStripeEvent(event, { provider: 'sandbox' }), now)
    return decision.next ?? current
  }, from)

describe('sandbox portal events', () => {
  it('a plan change: the proration invoice, then the subscription on the new price, a second later', () => {
    const events = sandboxPlanChangeEvents(subscription, { code: 'growth', currency: 'EUR' }, 3166, now)
    expect(events.map((e) => e.type)).toEqual(['invoice.paid', 'customer.subscription.updated'])
    const invoice = events[0]?.data.object as Record<string, unknown>
    expect(invoice).toMatchObject({
      amount_due: 3166,
      currency: 'eur',
      billing_reason: 'subscription_update',
    })
    expect(events[1]?.created).toBe(Math.floor(now.getTime() / 1000) + 1)
    const next = apply(state, events)
    expect(next).toMatchObject({
      status: 'active',
      planPriceId: 'sandbox_growth',
      currentPeriodEnd: periodEnd,
    })
  })

  it('a change with nothing to prorate (a trial) sends no invoice', () => {
    const events = sandboxPlanChangeEvents(
      { ...subscription, status: 'trialing', trialEnd: periodEnd },
      { code: 'growth', currency: 'EUR' },
      0,
      now,
    )
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.updated'])
    expect(apply({ ...state, status: 'trialing', trialEnd: periodEnd }, events)).toMatchObject({
      status: 'trialing',
      trialEnd: periodEnd,
      planPriceId: 'sandbox_growth',
    })
  })

  it('cancel at period end, then undo, each applied in turn', () => {
    const cancelled = apply(state, sandboxCancelAtPeriodEndEvents(subscription, true, now))
    expect(cancelled).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      planPriceId: 'sandbox_starter',
    })
    const later = new Date(now.getTime() + 200)
    const resumed = apply(
      cancelled,
      sandboxCancelAtPeriodEndEvents(
        { ...subscription, cancelAtPeriodEnd: true, lastEventAt: cancelled.lastEventAt },
        false,
        later,
      ),
    )
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false })
    expect(resumed.lastEventAt?.getTime()).toBeGreaterThan(cancelled.lastEventAt?.getTime() ?? 0)
  })

  it('the time machine’s renewal ends a subscription cancelled at period end', () => {
    const events = sandboxAdvanceEvents({ ...subscription, cancelAtPeriodEnd: true }, 'renew', now)
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.deleted'])
    expect(sandboxAdvanceEvents(subscription, 'renew', now).map((e) => e.type)).toEqual([
      'invoice.paid',
      'customer.subscription.updated',
    ])
  })
})
