/**
 * A crash between the acknowledgement and the processing loses nothing: the event is stored and
 * queued before the 200, so a worker that starts later processes it; and when the job itself is
 * lost (a queue wiped, an enqueue that never happened), the worker's start-up sweep re-queues
 * every inbox row still pending.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deliver, stripeHistory } from './events.ts'
import { counts, createSchool, STRIPE_SECRET, startWorld, type World, waitFor } from './support.ts'

let world: World

beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => {
  await world?.close()
})

async function subscriptionStatus(tenantId: string) {
  const { docs } = await world.cms.find('subscriptions', { where: { tenant: { equals: tenantId } } })
  return docs[0]?.status
}

it('an event acknowledged while no worker runs is processed when one starts, even without its job', async () => {
  const queued = await createSchool(world.cms, 'crash-queued')
  const orphan = await createSchool(world.cms, 'crash-orphan')
  const a = stripeHistory(queued.id, 'price_test_pro').events[1]
  const b = stripeHistory(orphan.id, 'price_test_pro').events[1]
  expect((await deliver(world.hubUrl, 'stripe', a, STRIPE_SECRET)).status).toBe(200)
  expect((await deliver(world.hubUrl, 'stripe', b, STRIPE_SECRET)).status).toBe(200)
  expect(await counts(world.pool)).toEqual({ inbox: 2, billingJobs: 2 })

  // The "crash" lost b's job: only its inbox row remains, pending.
  await world.pool.query(
    `select graphile_worker.remove_job(key) from graphile_worker.jobs where queue_name = $1`,
    [`billing:${orphan.id}`],
  )
  expect(await counts(world.pool)).toEqual({ inbox: 2, billingJobs: 1 })
  expect(await subscriptionStatus(queued.id)).toBeUndefined()

  await world.startWorker()
  for (const school of [queued, orphan]) {
    await waitFor(`the subscription of ${school.slug}`, async () =>
      (await subscriptionStatus(school.id)) === 'trialing' ? true : undefined,
    )
  }
  const outcomes = await waitFor('both inbox rows marked', async () => {
    const { docs } = await world.cms.find('billing-events', { limit: 0 })
    const done = docs.map((doc) => doc.outcome).filter((outcome) => outcome !== 'pending')
    return done.length === 2 ? done : undefined
  })
  expect(outcomes).toEqual(['applied', 'applied'])
  await waitFor('the billing jobs to finish', async () =>
    (await counts(world.pool)).billingJobs === 0 ? true : undefined,
  )
})
