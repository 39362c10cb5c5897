/**
 * Delivery through the real endpoint: every event of both providers' histories, each delivered
 * twice, in the provider's order and in shuffled orders, processed by the real worker against
 * the real cms. Each run must end in the same subscription state, with exactly the lifecycle
 * requests that processing the distinct events once, in first-delivery order, calls for (none
 * from a redelivery), and the emails for past_due and canceled.
 */
import {
  applyBillingEvent,
  type NormalizedBillingEvent,
  normalizePaddleEvent,
  normalizeStripeEvent,
  type SubscriptionState,
} from '@lyceum/billing'
import { createMailer, type Mailer } from '@lyceum/mail'
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { tenantJobs } from '@lyceum/provisioner/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliver, paddleHistory, shuffled, stripeHistory } from './events.ts'
import { createSchool, PADDLE_SECRET, STRIPE_SECRET, startWorld, type World, waitFor } from './support.ts'

let world: World
let catcher: MailCatcher
let mailer: Mailer

beforeAll(async () => {
  world = await startWorld()
  catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <billing@lyceum.test>' })
  await world.startWorker({ mailer })
})
afterAll(async () => {
  await world?.close()
  await mailer?.close()
  await catcher?.stop()
})

type Provider = 'stripe' | 'paddle'
type Event = { id?: string; event_id?: string }
const idOf = (event: Event) => (event.id ?? event.event_id) as string

/** The lifecycle actions processing `events` once, in this order, asks for. */
function expectedRequests(provider: Provider, events: Event[]): string[] {
  let state: SubscriptionState | null = null
  const actions: string[] = []
  for (const event of events) {
    const normalized: NormalizedBillingEvent =
      provider === 'stripe' ? normalizeStripeEvent(event) : normalizePaddleEvent(event)
    const decision = applyBillingEvent(state, normalized, new Date())
    state = decision.next
    actions.push(...decision.lifecycle.map((request) => request.action))
  }
  return actions
}

async function runDelivery(provider: Provider, seed: number | null) {
  const school = await createSchool(world.cms, `${provider}-${seed ?? 'ordered'}`)
  const history =
    provider === 'stripe'
      ? stripeHistory(school.id, 'price_test_pro')
      : paddleHistory(school.id, 'pri_test_pro')
  const events = history.events as Event[]
  const twice = [...events, ...events]
  const deliveries = seed === null ? events.flatMap((event) => [event, event]) : shuffled(twice, seed)
  const secret = provider === 'stripe' ? STRIPE_SECRET : PADDLE_SECRET
  for (const event of deliveries) {
    const answer = await deliver(world.hubUrl, provider, event, secret)
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  }
  const ids = events.map(idOf)
  const rows = await waitFor('every event processed', async () => {
    const { docs } = await world.cms.find('billing-events', { where: { eventId: { in: ids } }, limit: 0 })
    return docs.length === ids.length && docs.every((doc) => doc.outcome !== 'pending') ? docs : undefined
  })
  expect(rows.filter((row) => row.outcome === 'failed')).toEqual([])

  const firstDelivery = [...new Map(deliveries.map((event) => [idOf(event), event])).values()]
  const { docs: subscriptions } = await world.cms.find('subscriptions', {
    where: { tenant: { equals: school.id } },
  })
  const { docs: requested } = await world.cms.find('audit-log', {
    where: { and: [{ tenant: { equals: school.id } }, { action: { equals: 'tenant.lifecycle_requested' } }] },
    limit: 0,
  })
  const jobs = (await tenantJobs(world.pool, school.id))
    .filter((job) => job.task === 'lyceum_lifecycle')
    .map((job) => ({ action: job.key?.split(':')[2], run_at: job.runAt }))
  return {
    school,
    subscriptions,
    requested: requested.map((entry) => (entry.details as { action: string }).action).sort(),
    expected: expectedRequests(provider, firstDelivery).sort(),
    jobs,
  }
}

/** The fields that must not depend on delivery order. */
const finalState = (doc: Record<string, unknown> | undefined) => ({
  provider: doc?.provider,
  status: doc?.status,
  currentPeriodEnd: doc?.currentPeriodEnd,
  trialEnd: doc?.trialEnd,
  cancelAtPeriodEnd: doc?.cancelAtPeriodEnd,
  lastEventAt: doc?.lastEventAt,
})

describe.each(['stripe', 'paddle'] as const)('%s deliveries, each twice', (provider) => {
  const finals: unknown[] = []

  it.each([null, 1, 2, 3])(
    'order %s: one subscription, the expected lifecycle requests once each',
    async (seed) => {
      const run = await runDelivery(provider, seed)
      expect(run.subscriptions).toHaveLength(1)
      const [subscription] = run.subscriptions
      expect(subscription?.status).toBe('canceled')
      expect(run.requested.length).toBeGreaterThan(0)
      expect(run.requested).toEqual(run.expected)
      // Canceled: suspended now, deprovisioned after the 30-day retention; a grace-period suspend
      // from an earlier past_due was cancelled with the status change.
      const later = run.jobs.filter((job) => job.run_at.getTime() > Date.now() + 60_000)
      expect(later.map((job) => job.action)).toEqual(['deprovision'])
      const inDays = ((later[0]?.run_at.getTime() ?? 0) - Date.now()) / 86_400_000
      expect(inDays).toBeGreaterThan(29.9)
      expect(inDays).toBeLessThan(30.1)
      finals.push(finalState(subscription as unknown as Record<string, unknown>))
      expect(finals.every((state) => JSON.stringify(state) === JSON.stringify(finals[0]))).toBe(true)

      if (seed === null) {
        const canceled = await waitForMessage(catcher.webUrl, {
          to: run.school.adminEmail,
          subjectIncludes: 'canceled',
          timeoutMs: 30_000,
        })
        expect(canceled.text).toContain(run.school.name)
        const failed = await waitForMessage(catcher.webUrl, {
          to: run.school.adminEmail,
          subjectIncludes: 'payment failed',
          timeoutMs: 30_000,
        })
        expect(failed.text).toContain(run.school.name)
      }
    },
  )
})
