/**
 * Checkout through the hub's production build, in sandbox mode, against the real cms: who may
 * open a school's checkout (its signed-in admin; anyone else gets the 404 of a missing school),
 * the form's field errors, the sandbox's hosted-checkout look-alike (decline, pay), the events it
 * sends to the real webhook endpoint, the worker started by the hub, and the time machine.
 */
import { randomBytes } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { tenantJobs } from '@lyceum/provisioner/engine'
import { type CmsServer, startCmsServer } from '@lyceum/testing/cms'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { normalized, Visitor } from '../accounts/support.ts'
import { type RunningHub, startHub } from '../support/hub-server.ts'
import { SUPER_ADMIN, waitFor } from './support.ts'

let cms: CmsServer
let platform: CmsClient
let mail: MailCatcher
let hub: RunningHub
let pool: pg.Pool
const PASSWORD = 'violet harbour lantern 42'

beforeAll(async () => {
  ;[cms, mail] = await Promise.all([
    startCmsServer({ seed: true }),
    startMailCatcher({ smtpPort: 0, webPort: 0 }),
  ])
  const anonymous = createCmsClient({ baseUrl: cms.baseUrl, timeoutMs: 30_000 })
  const { token } = await anonymous.login(SUPER_ADMIN.email, SUPER_ADMIN.password)
  const platformKey = `plk_${randomBytes(24).toString('hex')}`
  await anonymous.withAuth({ token }).create('service-keys', {
    name: 'hub checkout tests',
    kind: 'platform',
    enableAPIKey: true,
    apiKey: platformKey,
  })
  platform = anonymous.withAuth({ apiKey: platformKey })
  hub = await startHub({
    LYCEUM_CMS_URL: cms.baseUrl,
    LYCEUM_PLATFORM_KEY: platformKey,
    LYCEUM_SMTP_URL: mail.smtpUrl,
    LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
    DATABASE_URL: cms.databaseUrl,
  })
  pool = new pg.Pool({ connectionString: cms.databaseUrl, max: 4 })
  pool.on('error', () => {})
})
afterAll(async () => {
  await hub?.stop()
  await pool?.end()
  await mail?.stop()
  await cms?.close()
})

/** A new school and its admin, signed in through the hub's login form. */
async function schoolWithAdmin(prefix: string) {
  const slug = `${prefix}-${randomBytes(3).toString('hex')}`
  const school = await platform.create('tenants', {
    name: `School ${slug}`,
    slug,
    status: 'pending',
    locale: 'en',
  })
  const email = `admin-${slug}@example.test`
  await platform.create('users', {
    email,
    password: PASSWORD,
    emailVerified: true,
    memberships: [{ tenant: school.id, role: 'admin' }],
  })
  const visitor = new Visitor(hub.url)
  const login = await visitor.post('/login', { email, password: PASSWORD })
  expect(login.status, login.body.slice(0, 300)).toBe(303)
  return { school, email, visitor }
}

const subscriptionOf = async (tenantId: string) =>
  (await platform.find('subscriptions', { where: { tenant: { equals: tenantId } } })).docs[0]

it('only the school’s admin gets its checkout; others get the 404 of a missing school', async () => {
  const mine = await schoolWithAdmin('mine')
  const other = await schoolWithAdmin('other')
  const signedOut = await new Visitor(hub.url).get(`/checkout/${mine.school.id}`)
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
  const { school, email, visitor } = await schoolWithAdmin('buyer')
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
  expect((await new Visitor(hub.url).get(`${sandboxPath}x`)).status).toBe(303)

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
  const jobs = await tenantJobs(pool, school.id)
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
  const message = await waitForMessage(mail.webUrl, {
    to: email,
    subjectIncludes: 'payment failed',
    timeoutMs: 30_000,
  })
  expect(message.text).toContain(school.name)
  const bad = await visitor.post(`/sandbox/subscriptions/${school.id}`, { action: 'time_travel' })
  expect(bad.status).toBe(400)
})
