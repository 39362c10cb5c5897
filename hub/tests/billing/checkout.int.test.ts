/**
 * Checkout through the hub's production build, in sandbox mode, against the real cms: who may
 * open a school's checkout (its signed-in admin; anyone else gets the 404 of a missing school),
 * the form's field errors, the sandbox's hosted-checkout look-alike (decline, pay), the events it
 * sends to the real webhook endpoint, the worker started by the hub, and the time machine.
 */
import { waitForMessage } from '@lyceum/mail/catcher'
import { tenantJobs } from '@lyceum/provisioner/engine'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { normalized, Visitor } from '../accounts/support.ts'
import { type HubWorld, schoolWithAdmin, signedIn, startHubWorld } from './hub-world.ts'
import { waitFor } from './support.ts'

let world: HubWorld

beforeAll(async () => {
  world = await startHubWorld()
})
afterAll(async () => {
  await world?.close()
})

async function admin(prefix: string) {
  const { school, email } = await schoolWithAdmin(world, prefix)
  return { school, email, visitor: await signedIn(world, email) }
}

const subscriptionOf = async (tenantId: string) =>
  (await world.platform.find('subscriptions', { where: { tenant: { equals: tenantId } } })).docs[0]

it('only the school’s admin gets its checkout; others get the 404 of a missing school', async () => {
  const mine = await admin('mine')
  const other = await admin('other')
  const signedOut = await new Visitor(world.hub.url).get(`/checkout/${mine.school.id}`)
  expect(signedOut.status).toBe(303)
  expect(signedOut.location).toBe(`/login?next=${encodeURIComponent(`/checkout/${mine.school.id}`)}`)

  const page = await mine.visitor.get(`/checkout/${mine.school.id}`)
  expect(page.status).toBe(200)
  expect(page.body).toContain(`Subscribe School ${mine.school.slug}`)
  expect(page.body).toContain('sandbox mode')

  const foreign = await mine.visitor.get(`/checkout/${other.school.id}`)
  const missing = await mine.visitor.get('/checkout/00000000-0000-4000-8000-000000000000')
  expect(foreign.status).toBe(404)
  expect(missing.status).toBe(404)
  const strip = (html: string, id: string) => normalized(html).replaceAll(id, '<id>')
  expect(strip(foreign.body, other.school.id)).toBe(
    strip(missing.body, '00000000-0000-4000-8000-000000000000'),
  )
  const foreignPost = await mine.visitor.post(`/checkout/${other.school.id}`, { plan: 'starter' })
  expect(foreignPost.status).toBe(404)
})

it('sandbox checkout: field errors in place, a declined card, then paying provisions the school', async () => {
  const { school, email, visitor } = await admin('buyer')
  const empty = await visitor.post(`/checkout/${school.id}`, { plan: '' })
  expect(empty.status).toBe(400)
  expect(empty.body).toContain('Choose a plan.')
  const unknown = await visitor.post(`/checkout/${school.id}`, { plan: 'platinum' })
  expect(unknown.status).toBe(400)
  expect(unknown.body).toContain('This plan is not offered any more.')
  const crossOrigin = await visitor.post(
    `/checkout/${school.id}`,
    { plan: 'starter' },
    'https://evil.example',
  )
  expect(crossOrigin.status).toBe(403)

  const start = await visitor.post(`/checkout/${school.id}`, { plan: 'starter' })
  expect(start.status).toBe(303)
  const sandboxPath = start.location ?? ''
  expect(sandboxPath).toMatch(/^\/checkout\/sandbox\/[\w-]+\.[\w-]+$/)
  const sandboxPage = await visitor.get(sandboxPath)
  expect(sandboxPage.status).toBe(200)
  expect(sandboxPage.body).toContain('Pay with a card that fails on renewal')
  expect((await new Visitor(world.hub.url).get(`${sandboxPath}x`)).status).toBe(303)

  const declined = await visitor.post(`${sandboxPath}?/decline`, {})
  expect(declined.status).toBe(402)
  expect(declined.body).toContain('Your card was declined.')
  expect(await subscriptionOf(school.id)).toBeUndefined()

  const paid = await visitor.post(`${sandboxPath}?/pay`, {})
  expect(paid.status).toBe(303)
  expect(paid.location).toBe(`/schools/${school.id}`)
  const subscription = await waitFor('the sandbox subscription', async () => {
    const doc = await subscriptionOf(school.id)
    return doc?.status === 'trialing' ? doc : undefined
  })
  expect(subscription.provider).toBe('sandbox')
  const jobs = await tenantJobs(world.pool, school.id)
  expect(jobs.map((job) => job.key)).toContain(`lifecycle:${school.id}:provision`)

  // Time machine: a failed renewal makes it past_due and mails the admin.
  const machine = await visitor.get(`/sandbox/subscriptions/${school.id}`)
  expect(machine.status).toBe(200)
  expect(machine.body).toContain('data-status="trialing"')
  const failed = await visitor.post(`/sandbox/subscriptions/${school.id}`, { action: 'fail_renewal' })
  expect(failed.status).toBe(303)
  await waitFor('past_due', async () =>
    (await subscriptionOf(school.id))?.status === 'past_due' ? true : undefined,
  )
  const message = await waitForMessage(world.mail.webUrl, {
    to: email,
    subjectIncludes: 'payment failed',
    timeoutMs: 30_000,
  })
  expect(message.text).toContain(school.name)
  const bad = await visitor.post(`/sandbox/subscriptions/${school.id}`, { action: 'time_travel' })
  expect(bad.status).toBe(400)
})
