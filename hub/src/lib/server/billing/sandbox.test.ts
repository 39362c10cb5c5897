import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { normalizeStripeEvent } from '@lyceum/billing'
import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import {
  failsOnRenewal,
  SANDBOX_SESSION_TTL_MS,
  sandboxAdvanceEvents,
  sandboxCheckoutEvents,
  sendSandboxEvents,
  signSandboxSession,
  verifySandboxSession,
} from './sandbox.ts'

const SECRET = 'whsec_sandbox_unit'
const TENANT = '6f1c2c4e-8d3b-4c55-9a51-0f3a7e2b9d10'
const session = {
  tenantId: TENANT,
  planCode: 'pro',
  trialDays: 14,
  customerId: null,
  exp: Date.now() + SANDBOX_SESSION_TTL_MS,
}

describe('sandbox session tokens', () => {
  it('round-trips, and refuses forged, altered and expired tokens', () => {
    const token = signSandboxSession(session, SECRET)
    expect(verifySandboxSession(token, SECRET)).toEqual(session)
    expect(verifySandboxSession(token, 'whsec_other')).toBeNull()
    const [body, mac] = token.split('.')
    const altered = Buffer.from(JSON.stringify({ ...session, tenantId: 'someone-else' })).toString(
      'base64url',
    )
    expect(verifySandboxSession(`${altered}.${mac}`, SECRET)).toBeNull()
    expect(verifySandboxSession(`${body}`, SECRET)).toBeNull()
    expect(verifySandboxSession(`${token}.x`, SECRET)).toBeNull()
    expect(verifySandboxSession(token, SECRET, session.exp + 1)).toBeNull()
  })
})

describe('sandbox events are Stripe events', () => {
  const now = new Date('2026-03-01T12:00:00.400Z')

  it('checkout: session completed, subscription created (trialing with trial days), first invoice paid', () => {
    const { subscriptionId, events } = sandboxCheckoutEvents(session, 'ok', now)
    expect(events.map((event) => event.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
    ])
    const normalized = events.map((event) => normalizeStripeEvent(event, { provider: 'sandbox' }))
    for (const event of normalized)
      expect(event).toMatchObject({ provider: 'sandbox', tenantId: TENANT, subscriptionId })
    expect(normalized[1]?.change).toMatchObject({
      kind: 'snapshot',
      status: 'trialing',
      planPriceId: 'sandbox_pro',
      trialEnd: new Date('2026-03-15T12:00:00Z'),
    })
    expect(failsOnRenewal(subscriptionId)).toBe(false)
    const paid = sandboxCheckoutEvents({ ...session, trialDays: 0 }, 'ok', now).events[1]
    expect(normalizeStripeEvent(paid).change).toMatchObject({ status: 'active' })
  })

  it('advancing time: renew, fail renewal, cancel; the failing card turns a renewal into a failure', () => {
    const ok = sandboxCheckoutEvents(session, 'ok', now)
    const failing = sandboxCheckoutEvents(session, 'fails_on_renewal', now)
    expect(failsOnRenewal(failing.subscriptionId)).toBe(true)
    const subscription = (subscriptionId: string) => ({
      tenantId: TENANT,
      subscriptionId,
      customerId: ok.customerId,
      planCode: 'pro',
      status: 'trialing' as const,
      currentPeriodEnd: new Date('2026-03-15T12:00:00Z'),
      lastEventAt: now,
    })
    const statusAfter = (subscriptionId: string, action: 'renew' | 'fail_renewal' | 'cancel') =>
      sandboxAdvanceEvents(subscription(subscriptionId), action, now).map((event) => {
        const normalized = normalizeStripeEvent(event, { provider: 'sandbox' })
        return `${event.type}:${normalized.change.kind === 'snapshot' ? normalized.change.status : normalized.change.kind}`
      })
    expect(statusAfter(ok.subscriptionId, 'renew')).toEqual([
      'invoice.paid:payment_succeeded',
      'customer.subscription.updated:active',
    ])
    expect(statusAfter(failing.subscriptionId, 'renew')).toEqual([
      'invoice.payment_failed:payment_failed',
      'customer.subscription.updated:past_due',
    ])
    expect(statusAfter(ok.subscriptionId, 'fail_renewal')).toEqual([
      'invoice.payment_failed:payment_failed',
      'customer.subscription.updated:past_due',
    ])
    expect(statusAfter(ok.subscriptionId, 'cancel')).toEqual(['customer.subscription.deleted:canceled'])
    // Stamped after the last event even when clicked within the same second.
    const [next] = sandboxAdvanceEvents(subscription(ok.subscriptionId), 'renew', now)
    expect(next?.created).toBe(Math.floor(now.getTime() / 1000) + 1)
  })

  it('delivers each event signed with Stripe’s scheme, in order, and fails on a refusal', async () => {
    const received: string[] = []
    let refuse = false
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        try {
          const event = Stripe.webhooks.constructEvent(
            body,
            String(req.headers['stripe-signature']),
            SECRET,
            300,
          )
          received.push(`${req.url} ${event.type}`)
          res.writeHead(refuse ? 503 : 200).end('{}')
        } catch {
          res.writeHead(400).end('bad signature')
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const { events } = sandboxCheckoutEvents(session, 'ok', new Date())
      await sendSandboxEvents(origin, SECRET, events)
      expect(received).toEqual(events.map((event) => `/api/webhooks/stripe ${event.type}`))
      await expect(sendSandboxEvents(origin, 'whsec_wrong', events)).rejects.toThrow(/400 bad signature/)
      refuse = true
      await expect(sendSandboxEvents(origin, SECRET, events)).rejects.toThrow(/503/)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
