/**
 * Webhook authentication: a missing, forged, tampered or stale signature, a body too large,
 * answers 4xx and writes nothing (0 inbox rows, 0 jobs); a valid one is stored and queued once,
 * and its redelivery is acknowledged without a second row or job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliver, paddleHistory, paddleSignature, stripeHistory, stripeSignature } from './events.ts'
import { counts, PADDLE_SECRET, STRIPE_SECRET, startWorld, type World } from './support.ts'

let world: World
const TENANT = '00000000-0000-4000-8000-000000000000'

beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => {
  await world?.close()
})

async function post(provider: 'stripe' | 'paddle', body: string, headers: Record<string, string>) {
  const response = await fetch(`${world.hubUrl}/api/webhooks/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  return { status: response.status, body: (await response.json()) as { error?: string } }
}

const stripeEvent = () => stripeHistory(TENANT, 'price_test').events[1]
const paddleEvent = () => paddleHistory(TENANT, 'pri_test').events[1]
const now = () => Math.floor(Date.now() / 1000)

describe('refused deliveries write nothing', () => {
  const cases: Array<{
    name: string
    provider: 'stripe' | 'paddle'
    build(): { body: string; headers: Record<string, string> }
    status: number
    says: RegExp
  }> = [
    {
      name: 'Stripe, no signature',
      provider: 'stripe',
      build: () => ({ body: JSON.stringify(stripeEvent()), headers: {} }),
      status: 400,
      says: /Missing Stripe-Signature/,
    },
    {
      name: 'Stripe, forged (signed with another secret)',
      provider: 'stripe',
      build: () => {
        const body = JSON.stringify(stripeEvent())
        return { body, headers: { 'stripe-signature': stripeSignature(body, 'whsec_not_ours') } }
      },
      status: 400,
      says: /Invalid Stripe signature: No signatures found/,
    },
    {
      name: 'Stripe, tampered body',
      provider: 'stripe',
      build: () => {
        const body = JSON.stringify(stripeEvent())
        const signature = stripeSignature(body, STRIPE_SECRET)
        return { body: body.replace('"trialing"', '"active"'), headers: { 'stripe-signature': signature } }
      },
      status: 400,
      says: /Invalid Stripe signature/,
    },
    {
      name: 'Stripe, stale (signed 301 s ago)',
      provider: 'stripe',
      build: () => {
        const body = JSON.stringify(stripeEvent())
        return { body, headers: { 'stripe-signature': stripeSignature(body, STRIPE_SECRET, now() - 301) } }
      },
      status: 400,
      says: /tolerance/,
    },
    {
      name: 'Stripe, garbage header',
      provider: 'stripe',
      build: () => ({ body: JSON.stringify(stripeEvent()), headers: { 'stripe-signature': 'nonsense' } }),
      status: 400,
      says: /Invalid Stripe signature/,
    },
    {
      name: 'Paddle, no signature',
      provider: 'paddle',
      build: () => ({ body: JSON.stringify(paddleEvent()), headers: {} }),
      status: 400,
      says: /Missing Paddle-Signature/,
    },
    {
      name: 'Paddle, forged',
      provider: 'paddle',
      build: () => {
        const body = JSON.stringify(paddleEvent())
        return { body, headers: { 'paddle-signature': paddleSignature(body, 'pdl_ntfset_not_ours') } }
      },
      status: 400,
      says: /Invalid Paddle signature/,
    },
    {
      name: 'Paddle, tampered body',
      provider: 'paddle',
      build: () => {
        const body = JSON.stringify(paddleEvent())
        const signature = paddleSignature(body, PADDLE_SECRET)
        return { body: body.replace('"trialing"', '"active"'), headers: { 'paddle-signature': signature } }
      },
      status: 400,
      says: /Invalid Paddle signature/,
    },
    {
      name: 'Paddle, stale (signed 30 s ago)',
      provider: 'paddle',
      build: () => {
        const body = JSON.stringify(paddleEvent())
        return { body, headers: { 'paddle-signature': paddleSignature(body, PADDLE_SECRET, now() - 30) } }
      },
      status: 400,
      says: /5-second window/,
    },
    {
      name: 'Stripe, body over the limit (validly signed)',
      provider: 'stripe',
      build: () => {
        const event = stripeEvent() as unknown as Record<string, unknown>
        const body = JSON.stringify({ ...event, padding: 'x'.repeat(world.config.webhookMaxBytes) })
        return { body, headers: { 'stripe-signature': stripeSignature(body, STRIPE_SECRET) } }
      },
      status: 413,
      says: /too large/,
    },
    {
      name: 'Paddle, body over the limit (validly signed)',
      provider: 'paddle',
      build: () => {
        const body = JSON.stringify({ ...paddleEvent(), padding: 'x'.repeat(world.config.webhookMaxBytes) })
        return { body, headers: { 'paddle-signature': paddleSignature(body, PADDLE_SECRET) } }
      },
      status: 413,
      says: /too large/,
    },
  ]

  it.each(cases)('$name → $status', async ({ provider, build, status, says }) => {
    const { body, headers } = build()
    const answer = await post(provider, body, headers)
    expect(answer.status).toBe(status)
    expect(answer.body.error).toMatch(says)
    expect(await counts(world.pool)).toEqual({ inbox: 0, billingJobs: 0 })
  })
})

describe('verified deliveries', () => {
  it.each(['stripe', 'paddle'] as const)(
    '%s: stored and queued once; a redelivery is acknowledged and changes nothing',
    async (provider) => {
      const before = await counts(world.pool)
      const event = provider === 'stripe' ? stripeEvent() : paddleEvent()
      const secret = provider === 'stripe' ? STRIPE_SECRET : PADDLE_SECRET
      const first = await deliver(world.hubUrl, provider, event, secret)
      expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } })
      const second = await deliver(world.hubUrl, provider, event, secret)
      expect(second.status).toBe(200)
      expect(second.body.received).toBe(true)
      expect(await counts(world.pool)).toEqual({
        inbox: before.inbox + 1,
        billingJobs: before.billingJobs + 1,
      })

      const eventId =
        provider === 'stripe' ? (event as { id: string }).id : (event as { event_id: string }).event_id
      const { docs } = await world.cms.find('billing-events', { where: { eventId: { equals: eventId } } })
      expect(docs).toHaveLength(1)
      expect(docs[0]).toMatchObject({ provider, outcome: 'pending' })
      expect(docs[0]?.payload).toEqual(event)
    },
  )
})
