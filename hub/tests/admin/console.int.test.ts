/**
 * The super-admin console through the hub's production build, with the real cms on PostgreSQL
 * and real sessions (signed in through /login): every route and every action answers the
 * ordinary 404 to anyone but a super-admin — without doing anything — and works for a
 * super-admin: dashboard figures, the tenants table's search and filters, the detail page, and
 * actions that queue lifecycle or billing jobs and write the audit log.
 */
import type { Plan, Tenant } from '@lyceum/cms-client'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { formatPrice } from '../../src/lib/format.ts'
import { normalized, type Visitor } from '../accounts/support.ts'
import {
  billingJobs,
  type ConsoleWorld,
  consoleAudit,
  lifecycleJobs,
  ROLES,
  type Role,
  startConsoleWorld,
  visitorAs,
} from './support.ts'

let world: ConsoleWorld
let northwind: Tenant
let lumiere: Tenant
let failedTenant: Tenant
let failedRunId: string
let failedEventId: string
let lumierePlan: Plan
let trialTenant: Tenant
let trialSubscriptionId: string
const TRIAL_END = new Date(Date.UTC(2031, 0, 10, 12)).toISOString()
const ORIGINAL_ERROR = 'stored by the test as failed'

beforeAll(async () => {
  world = await startConsoleWorld()
  const schools = await world.platform.find('tenants', { where: { slug: { in: ['northwind', 'lumiere'] } } })
  const bySlug = (slug: string) => {
    const school = schools.docs.find((t) => t.slug === slug)
    if (!school) throw new Error(`the demo seed has no ${slug}`)
    return school
  }
  northwind = bySlug('northwind')
  lumiere = bySlug('lumiere')
  failedTenant = await world.platform.create('tenants', {
    name: 'Broken Academy',
    slug: 'broken-academy',
    status: 'failed',
    statusReason: 'deploy: the instance did not become healthy',
    locale: 'en',
  })
  const run = await world.platform.create('provisioning-runs', {
    tenant: failedTenant.id,
    action: 'provision',
    status: 'failed',
    attempts: 3,
    error: 'deploy: the instance did not become healthy',
    steps: [
      { step: 'mint-credential', status: 'succeeded', attempt: 1, startedAt: new Date().toISOString() },
      {
        step: 'deploy',
        status: 'failed',
        attempt: 3,
        startedAt: new Date().toISOString(),
        message: 'exit 1',
      },
    ],
  })
  failedRunId = run.id
  const event = await world.platform.create('billing-events', {
    provider: 'sandbox',
    eventId: 'evt_console_failed_1',
    type: 'customer.subscription.updated',
    occurredAt: new Date().toISOString(),
    tenant: northwind.id,
    payload: { id: 'evt_console_failed_1' },
    outcome: 'failed',
    error: ORIGINAL_ERROR,
  })
  failedEventId = event.id
  const plans = await world.platform.find('plans', { where: { interval: { equals: 'month' } }, limit: 1 })
  lumierePlan = plans.docs[0] ?? (await Promise.reject(new Error('the seed has no monthly plan')))
  await world.platform.create('subscriptions', {
    tenant: lumiere.id,
    provider: 'paddle',
    providerSubscriptionId: 'sub_console_lumiere',
    plan: lumierePlan.id,
    status: 'active',
  })
  // A school in its sandbox trial, for "extend trial".
  trialTenant = await world.platform.create('tenants', {
    name: 'Trial Academy',
    slug: 'trial-academy',
    status: 'active',
    locale: 'en',
    plan: lumierePlan.id,
  })
  const trial = await world.platform.create('subscriptions', {
    tenant: trialTenant.id,
    provider: 'sandbox',
    providerSubscriptionId: 'sub_sandbox_console_trial',
    providerCustomerId: 'cus_sandbox_console_trial',
    plan: lumierePlan.id,
    status: 'trialing',
    trialEnd: TRIAL_END,
    currentPeriodEnd: TRIAL_END,
  })
  trialSubscriptionId = trial.id
}, 180_000)

afterAll(async () => {
  await world?.close()
})

function showHubLogOnFailure() {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
}

const pages = () => [
  '/admin',
  '/admin/tenants',
  '/admin/tenants?q=north&status=active&sort=name&page=1',
  `/admin/tenants/${northwind.id}`,
  `/admin/tenants/${northwind.id}?confirm=suspend`,
  `/admin/tenants/${northwind.id}?confirm=extend_trial`,
  `/admin/tenants/${northwind.id}?confirm=impersonate`,
  `/admin/tenants/${lumiere.id}`,
]

const actions = (): Array<[string, Record<string, string>]> => [
  ['/admin?/retryRun', { runId: failedRunId }],
  ['/admin?/retryBillingEvent', { eventId: failedEventId }],
  ['/admin?/retryTenant', { tenantId: failedTenant.id }],
  [`/admin/tenants/${northwind.id}?/lifecycle`, { action: 'suspend', confirm: 'yes', reason: 'test' }],
  [`/admin/tenants/${lumiere.id}?/lifecycle`, { action: 'deprovision', confirm: 'yes' }],
]

/** Extend trial and "view as school admin" (issue 6), tried by outsiders like the others. */
const schoolActions = (): Array<[string, Record<string, string>]> => [
  [`/admin/tenants/${trialTenant.id}?/extendTrial`, { days: '7', confirm: 'yes' }],
  [`/admin/tenants/${northwind.id}?/impersonate`, { confirm: 'yes' }],
]

/** A page without what names its own URL (the language switcher's return path). */
const samePage = (html: string) =>
  normalized(html).replace(/name="redirect" value="[^"]*"/g, 'name="redirect"')

const outsiders = (Object.keys(ROLES) as Role[]).filter((role) => role !== 'super-admin')

describe.each(outsiders)('%s', (role) => {
  let visitor: Visitor
  beforeAll(async () => {
    visitor = await visitorAs(world, role)
  })

  it('gets the ordinary 404 page on every console page, the same as an unknown URL', async () => {
    showHubLogOnFailure()
    for (const path of pages()) {
      // An unknown URL as deep as the page (asset links are relative to the depth).
      const unknown = await visitor.get(path.replace('/admin', '/nimda'))
      expect(unknown.status).toBe(404)
      const response = await visitor.get(path)
      expect(response.status, path).toBe(404)
      expect(samePage(response.body), path).toBe(samePage(unknown.body))
    }
  })

  it('gets 404 on the pages’ data requests, with nothing of the console in them', async () => {
    showHubLogOnFailure()
    for (const path of ['/admin/__data.json', `/admin/tenants/${northwind.id}/__data.json`]) {
      const response = await visitor.get(path)
      expect(response.body, path).not.toContain('Northwind Academy')
      expect(response.body, path).not.toContain('evt_console_failed_1')
      expect(response.body, path).not.toContain('superadmin')
      expect(response.body, path).toContain('404')
    }
  })

  it('gets 404 on every action, and nothing happens', async () => {
    showHubLogOnFailure()
    for (const [path, fields] of [...actions(), ...schoolActions()]) {
      const response = await visitor.post(path, fields)
      expect(response.status, path).toBe(404)
      expect(response.location, path).toBeNull()
    }
    const trial = await world.platform.findByID('subscriptions', trialSubscriptionId)
    expect(trial?.trialEnd).toBe(TRIAL_END)
    expect(await lifecycleJobs(world.pool)).toEqual([])
    expect(await billingJobs(world.pool)).toEqual([])
    expect(await consoleAudit(world.platform)).toEqual([])
    expect((await world.platform.findByID('billing-events', failedEventId))?.outcome).toBe('failed')
  })
})

describe('super-admin', () => {
  let admin: Visitor
  beforeAll(async () => {
    admin = await visitorAs(world, 'super-admin')
  })

  it('sees every console page', async () => {
    showHubLogOnFailure()
    for (const path of pages()) {
      const response = await admin.get(path)
      expect(response.status, path).toBe(200)
    }
  })

  it('dashboard: tenants by status, the 30-day chart with its table, and what needs attention', async () => {
    showHubLogOnFailure()
    const { body } = await admin.get('/admin')
    const active = await world.platform.count('tenants', { where: { status: { equals: 'active' } } })
    expect(body).toMatch(
      new RegExp(`<tr data-status="active">.*?>active</a></th>\\s*<td class="num">${active}</td>`, 's'),
    )
    expect(body).toMatch(/<tr data-status="failed">.*?<td class="num">1<\/td>/s)
    // MRR: every active or past_due subscription at its plan's monthly price (yearly / 12).
    const paying = await world.platform.find('subscriptions', {
      where: { status: { in: ['active', 'past_due'] } },
      limit: 0,
      depth: 1,
    })
    const expected = new Map<string, number>()
    for (const sub of paying.docs) {
      const plan = sub.plan as Plan
      const monthly = plan.interval === 'year' ? Math.round(plan.priceMinor / 12) : plan.priceMinor
      expected.set(plan.currency.toUpperCase(), (expected.get(plan.currency.toUpperCase()) ?? 0) + monthly)
    }
    expect(expected.size).toBeGreaterThan(0) // Lumière's subscription at least
    for (const [currency, minor] of expected) {
      expect(body).toMatch(
        new RegExp(
          `data-currency="${currency}"[^>]*><span[^>]*>${formatPrice(minor, currency, 'en').replace(/[.$]/g, '\\$&')}<`,
        ),
      )
    }
    expect(body).toContain('<svg')
    expect(body).toContain('role="img"')
    expect((body.match(/<tr><th scope="row">\d{4}-\d\d-\d\d<\/th>/g) ?? []).length).toBe(30)
    expect(body).toContain('evt_console_failed_1')
    expect(body).toContain(`name="runId" value="${failedRunId}"`)
    expect(body).toContain(`name="tenantId" value="${failedTenant.id}"`)
  })

  it('tenants table: search, filters, sort and pagination on the server', async () => {
    showHubLogOnFailure()
    const slugs = (html: string) => [...html.matchAll(/<tr data-slug="([^"]+)"/g)].map((m) => m[1])
    expect(slugs((await admin.get('/admin/tenants?q=north')).body)).toEqual(['northwind'])
    expect(slugs((await admin.get('/admin/tenants?q=LUMI')).body)).toEqual(['lumiere'])
    expect(slugs((await admin.get('/admin/tenants?status=failed')).body)).toEqual(['broken-academy'])
    expect(slugs((await admin.get('/admin/tenants?sort=slug')).body)).toEqual([
      'broken-academy',
      'lumiere',
      'northwind',
      'trial-academy',
    ])
    expect(slugs((await admin.get('/admin/tenants?sort=-slug')).body)).toEqual([
      'trial-academy',
      'northwind',
      'lumiere',
      'broken-academy',
    ])
    expect(slugs((await admin.get('/admin/tenants?sort=slug&page=2')).body)).toEqual([])
    expect(slugs((await admin.get('/admin/tenants?plan=no-such-plan')).body)).toEqual([])
    const withSubscription = await world.platform.find('subscriptions', { limit: 0 })
    const providers = new Set(withSubscription.docs.map((s) => s.provider))
    for (const provider of ['stripe', 'paddle', 'sandbox']) {
      const listed = slugs((await admin.get(`/admin/tenants?provider=${provider}`)).body)
      if (!providers.has(provider as 'stripe')) expect(listed, provider).toEqual([])
      else expect(listed.length, provider).toBeGreaterThan(0)
    }
    const northwindPlan = await world.platform.findByID('plans', String(northwind.plan))
    expect(slugs((await admin.get(`/admin/tenants?plan=${northwindPlan?.code}`)).body)).toContain('northwind')
    // Provider, search and sort together: the provider's subscriptions joined to their schools.
    const paddle = await admin.get('/admin/tenants?provider=paddle&q=lumi&sort=-name')
    expect(slugs(paddle.body)).toEqual(['lumiere'])
    expect(slugs((await admin.get('/admin/tenants?provider=paddle&q=north')).body)).toEqual([])
    // Its MRR: the monthly plan's price.
    expect(paddle.body).toContain(
      formatPrice(lumierePlan.priceMinor, lumierePlan.currency.toUpperCase(), 'en'),
    )
    // Bad values fall back to the defaults instead of failing.
    expect((await admin.get('/admin/tenants?status=bogus&page=-3&sort=evil')).status).toBe(200)
  })

  it('tenant detail: runs with their step logs, billing events, members and courses', async () => {
    showHubLogOnFailure()
    const broken = await admin.get(`/admin/tenants/${failedTenant.id}`)
    expect(broken.body).toContain('exit 1')
    expect(broken.body).toContain('mint-credential')
    const detail = await admin.get(`/admin/tenants/${northwind.id}`)
    const members = await world.platform.count('users', {
      where: { 'memberships.tenant': { equals: northwind.id } },
    })
    const courses = await world.platform.count('courses', { where: { tenant: { equals: northwind.id } } })
    expect(members).toBeGreaterThanOrEqual(3)
    expect(detail.body).toMatch(new RegExp(`data-fact="members"[^>]*>${members}</dd>`))
    expect(detail.body).toMatch(new RegExp(`data-fact="courses"[^>]*>${courses}</dd>`))
    expect(detail.body).toContain('evt_console_failed_1')
    // Unknown and malformed ids: the ordinary 404.
    expect((await admin.get('/admin/tenants/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await admin.get('/admin/tenants/not-an-id')).status).toBe(404)
  })

  it('an action without its confirmation is refused with a field error, and nothing is queued', async () => {
    showHubLogOnFailure()
    const response = await admin.post(`/admin/tenants/${northwind.id}?/lifecycle`, { action: 'suspend' })
    expect(response.status).toBe(400)
    expect(response.body).toContain('Confirm the action first.')
    const bad = await admin.post(`/admin/tenants/${northwind.id}?/lifecycle`, {
      action: 'explode',
      confirm: 'yes',
    })
    expect(bad.status).toBe(400)
    expect(await lifecycleJobs(world.pool)).toEqual([])
  })

  it('every action works: lifecycle jobs queued, the billing event re-queued, each audit-logged', async () => {
    showHubLogOnFailure()
    for (const [path, fields] of actions()) {
      const response = await admin.post(path, fields)
      expect(response.status, `${path}\n${response.body.slice(0, 500)}`).toBe(200)
    }
    expect((await lifecycleJobs(world.pool)).sort()).toEqual(
      [`provision:${failedTenant.id}`, `suspend:${northwind.id}`, `deprovision:${lumiere.id}`].sort(),
    )
    // The hub's billing worker takes the re-queued event and processes it again: its payload is
    // still not a valid event, so it fails again, with the processor's own error this time.
    const deadline = Date.now() + 30_000
    for (;;) {
      const row = await world.platform.findByID('billing-events', failedEventId)
      if (row?.outcome === 'failed' && row.error !== ORIGINAL_ERROR) break
      if (Date.now() > deadline) throw new Error(`the event was not processed again: ${JSON.stringify(row)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect((await consoleAudit(world.platform)).sort()).toEqual(
      [
        `admin.tenant.provision tenants:${failedTenant.id}`,
        `admin.tenant.provision tenants:${failedTenant.id}`,
        `admin.billing_event.retry billing-events:${failedEventId}`,
        `admin.tenant.suspend tenants:${northwind.id}`,
        `admin.tenant.deprovision tenants:${lumiere.id}`,
      ].sort(),
    )
    // The entry names the super-admin and carries the reason.
    const superAdmin = await world.platform.find('users', {
      where: { email: { equals: ROLES['super-admin'] } },
    })
    const entry = (
      await world.platform.find('audit-log', { where: { action: { equals: 'admin.tenant.suspend' } } })
    ).docs[0]
    expect(entry?.actor).toBe(`user:${superAdmin.docs[0]?.id}`)
    expect(entry?.details).toMatchObject({ reason: 'test' })
    // The detail page shows it in the school's audit log.
    expect((await admin.get(`/admin/tenants/${northwind.id}`)).body).toContain('admin.tenant.suspend')
  })
})

describe('super-admin: extend trial and view as school admin (issue 6)', () => {
  let admin: Visitor
  beforeAll(async () => {
    admin = await visitorAs(world, 'super-admin')
  })
  const extend = (tenantId: string, fields: Record<string, string>) =>
    admin.post(`/admin/tenants/${tenantId}?confirm=extend_trial&/extendTrial`, fields)

  it('extend trial: days are validated with field errors, and a school not in trial is refused', async () => {
    showHubLogOnFailure()
    const cases: Array<[Record<string, string>, string]> = [
      [{ days: '0', confirm: 'yes' }, 'At least 1 day.'],
      [{ days: '31', confirm: 'yes' }, 'At most 30 days.'],
      [{ days: '2.5', confirm: 'yes' }, 'Whole days only.'],
      [{ days: 'soon', confirm: 'yes' }, 'Enter a number of days.'],
      [{ days: '5' }, 'Confirm the action first.'],
    ]
    for (const [fields, message] of cases) {
      const response = await extend(trialTenant.id, fields)
      expect(response.status, JSON.stringify(fields)).toBe(400)
      expect(response.body).toContain(message)
      // The form is shown again, the field marked when it is the one in error.
      expect(response.body).toContain('Extend the trial of Trial Academy?')
      if (fields.confirm) expect(response.body).toContain('aria-invalid="true"')
    }
    const active = await extend(lumiere.id, { days: '5', confirm: 'yes' })
    expect(active.status).toBe(409)
    expect(active.body).toContain('not in trial')
    expect((await extend('00000000-0000-4000-8000-000000000000', { days: '5', confirm: 'yes' })).status).toBe(
      404,
    )
    expect((await world.platform.findByID('subscriptions', trialSubscriptionId))?.trialEnd).toBe(TRIAL_END)
  })

  it('extend trial: the sandbox provider’s event moves the trial end in the cms; audit-logged with before and after', async () => {
    showHubLogOnFailure()
    const page = await admin.get(`/admin/tenants/${trialTenant.id}`)
    expect(page.body).toContain('Extend trial…')
    const response = await extend(trialTenant.id, { days: '5', confirm: 'yes' })
    expect(response.status, response.body.slice(0, 500)).toBe(200)
    const expected = new Date(new Date(TRIAL_END).getTime() + 5 * 86_400_000).toISOString()
    expect(response.body).toContain(expected.slice(0, 19).replace('T', ' '))
    // Through the webhook inbox and the billing worker, like any provider event.
    const deadline = Date.now() + 60_000
    for (;;) {
      const subscription = await world.platform.findByID('subscriptions', trialSubscriptionId)
      if (subscription?.trialEnd === expected) {
        expect(subscription.status).toBe('trialing')
        break
      }
      if (Date.now() > deadline) throw new Error(`the trial end stayed ${subscription?.trialEnd}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const { docs } = await world.platform.find('audit-log', {
      where: { action: { equals: 'admin.tenant.extend_trial' }, tenant: { equals: trialTenant.id } },
    })
    expect(docs).toHaveLength(1)
    expect(docs[0]?.details).toMatchObject({
      days: 5,
      before: TRIAL_END,
      after: expected,
      provider: 'sandbox',
    })
  })

  it('view as school admin: confirmed, audit-logged, then a link to the school’s /impersonate with a ticket', async () => {
    showHubLogOnFailure()
    const unconfirmed = await admin.post(
      `/admin/tenants/${northwind.id}?confirm=impersonate&/impersonate`,
      {},
    )
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.body).toContain('Confirm the action first.')
    const response = await admin.post(`/admin/tenants/${northwind.id}?/impersonate`, { confirm: 'yes' })
    expect(response.status).toBe(200)
    const href = /href="([^"]+)"[^>]*data-testid="impersonation-link"/.exec(response.body)?.[1]
    const location = new URL((href ?? '').replaceAll('&amp;', '&'))
    expect(location.origin).toBe('http://northwind.lyceum.test:8080')
    expect(location.pathname).toBe('/impersonate')
    expect(location.searchParams.get('ticket')).toMatch(/^imp1\./)
    const { docs } = await world.platform.find('audit-log', {
      where: { action: { equals: 'admin.tenant.impersonate' }, tenant: { equals: northwind.id } },
    })
    expect(docs).toHaveLength(1)
    expect(docs[0]?.details).toMatchObject({ admin: 'admin@northwind.example', readOnly: true })
    // A school without an admin: nothing to view as.
    const nobody = await admin.post(`/admin/tenants/${failedTenant.id}?/impersonate`, { confirm: 'yes' })
    expect(nobody.status).toBe(409)
    expect(nobody.body).toContain('no admin to view as')
  })
})
