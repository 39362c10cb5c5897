/**
 * The sandbox provider end to end, below the pages: its checkout and time-travel events go over
 * HTTP to the webhook endpoint (in sandbox mode: verified with the sandbox secret, stored as
 * provider `sandbox`) and through the real worker into the school's subscription and lifecycle
 * requests, exactly like Stripe's.
 */
import { tenantJobs } from '@lyceum/provisioner/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sandboxSubscriptionOf } from '../../src/lib/server/billing/pages.ts'
import {
  SANDBOX_SESSION_TTL_MS,
  sandboxAdvanceEvents,
  sandboxCheckoutEvents,
  sendSandboxEvents,
} from '../../src/lib/server/billing/sandbox.ts'
import { createSchool, startWorld, testConfig, type World, waitFor } from './support.ts'

const SECRET = 'whsec_sandbox_integration'
let world: World

beforeAll(async () => {
  world = await startWorld(testConfig({ stripe: null, paddle: null, sandbox: { webhookSecret: SECRET } }))
  await world.startWorker()
})
afterAll(async () => {
  await world?.close()
})

async function settled(tenantId: string, status: string) {
  return waitFor(`status ${status}`, async () => {
    const subscription = await sandboxSubscriptionOf(world.cms, tenantId)
    if (subscription?.status !== status) return undefined
    const { totalDocs } = await world.cms.find('billing-events', {
      where: { and: [{ tenant: { equals: tenantId } }, { outcome: { equals: 'pending' } }] },
      limit: 1,
    })
    return totalDocs === 0 ? subscription : undefined
  })
}

const lifecycleActions = async (tenantId: string) =>
  (await tenantJobs(world.pool, tenantId))
    .filter((job) => job.task === 'lyceum_lifecycle')
    .map((job) => `${job.key?.split(':')[2]}${job.runAt.getTime() > Date.now() + 60_000 ? '@later' : ''}`)

it('pay with the card that fails on renewal: trialing → renewal fails (past_due) → canceled', async () => {
  const school = await createSchool(world.cms, 'sandbox')
  const session = {
    tenantId: school.id,
    planCode: 'starter',
    trialDays: 14,
    customerId: null,
    exp: Date.now() + SANDBOX_SESSION_TTL_MS,
  }
  await sendSandboxEvents(
    world.hubUrl,
    SECRET,
    sandboxCheckoutEvents(session, 'fails_on_renewal', new Date()).events,
  )
  const trialing = await settled(school.id, 'trialing')
  expect(trialing.planCode).toBe('starter')
  expect(await lifecycleActions(school.id)).toEqual(['provision'])
  const { docs: inbox } = await world.cms.find('billing-events', { where: { tenant: { equals: school.id } } })
  expect(new Set(inbox.map((row) => row.provider))).toEqual(new Set(['sandbox']))

  // "Renew" with that card fails: past_due, and a suspend after the 7-day grace period.
  await sendSandboxEvents(world.hubUrl, SECRET, sandboxAdvanceEvents(trialing, 'renew', new Date()))
  const pastDue = await settled(school.id, 'past_due')
  expect(await lifecycleActions(school.id)).toContain('suspend@later')

  await sendSandboxEvents(world.hubUrl, SECRET, sandboxAdvanceEvents(pastDue, 'cancel', new Date()))
  await settled(school.id, 'canceled')
  const actions = await lifecycleActions(school.id)
  expect(actions).toContain('deprovision@later')
  expect(actions).not.toContain('suspend@later')
})

it('events signed with another secret are refused by the endpoint', async () => {
  const school = await createSchool(world.cms, 'sandbox-forged')
  const session = {
    tenantId: school.id,
    planCode: 'starter',
    trialDays: 0,
    customerId: null,
    exp: Date.now() + 1000,
  }
  await expect(
    sendSandboxEvents(world.hubUrl, 'whsec_forged', sandboxCheckoutEvents(session, 'ok', new Date()).events),
  ).rejects.toThrow(/400/)
  const { totalDocs } = await world.cms.find('billing-events', { where: { tenant: { equals: school.id } } })
  expect(totalDocs).toBe(0)
})
