/**
 * The customer portal (`/account`) through the hub's production build in sandbox mode, against the
 * real cms on a real PostgreSQL (the billing worker runs in the hub): an owner who paid in the
 * sandbox sees the school, previews and changes the plan (the proration simulated, a downgrade the
 * school has outgrown refused), cancels at period end and undoes it, and opens the sandbox's billing
 * page; every change goes through the webhook endpoint, the inbox and the state machine, and is
 * audit-logged. The owner of another school gets the same 404 as for a missing school on every page
 * and action, and nothing changes.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Subscription } from '@lyceum/cms-client'
import { waitForMessage } from '@lyceum/mail/catcher'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { newEmail, signUp, Visitor } from '../accounts/support.ts'
import { type HubWorld, schoolWithAdmin, signedIn, startHubWorld } from '../billing/hub-world.ts'
import { waitFor } from '../billing/support.ts'

let world: HubWorld
let mine: Awaited<ReturnType<typeof schoolWithAdmin>>
let theirs: Awaited<ReturnType<typeof schoolWithAdmin>>
let owner: Visitor
let stranger: Visitor
let page: string
let exportDir: string

const subscriptionOf = async (tenantId: string): Promise<Subscription | undefined> => {
  const { docs } = await world.platform.find('subscriptions', { where: { tenant: { equals: tenantId } } })
  return docs[0]
}
const planCode = async (planId: unknown) =>
  (await world.platform.findByID('plans', String(planId), { depth: 0 }))?.code
const auditOf = async (tenantId: string, prefix = 'account.') => {
  const { docs } = await world.platform.find('audit-log', {
    where: { and: [{ tenant: { equals: tenantId } }, { action: { like: prefix } }] },
    sort: 'at',
    limit: 100,
  })
  return docs
}

/** Pays for `plan` through the sandbox checkout, as the owner, and waits for the subscription. */
async function subscribe(visitor: Visitor, tenantId: string, plan: string, status: string) {
  const start = await visitor.post(`/checkout/${tenantId}`, { plan })
  expect(start.status).toBe(303)
  const paid = await visitor.post(`${start.location ?? ''}?/pay`, {})
  expect(paid.status).toBe(303)
  return waitFor(`the ${plan} subscription`, async () => {
    const doc = await subscriptionOf(tenantId)
    return doc?.status === status ? doc : undefined
  })
}

beforeAll(async () => {
  exportDir = await mkdtemp(path.join(tmpdir(), 'lyceum-portal-exports-'))
  world = await startHubWorld({ LYCEUM_EXPORT_DIR: exportDir })
  mine = await schoolWithAdmin(world, 'portal')
  theirs = await schoolWithAdmin(world, 'other')
  ;[owner, stranger] = await Promise.all([signedIn(world, mine.email), signedIn(world, theirs.email)])
  page = `/account/schools/${mine.school.id}`
  // Scale has no trial: the subscription is active at once, so a change is prorated.
  await subscribe(owner, mine.school.id, 'scale', 'active')
  await subscribe(stranger, theirs.school.id, 'starter', 'trialing')
  // Six courses: more than Starter allows (5), within Growth (50).
  for (let i = 0; i < 6; i++) {
    await world.platform.create('courses', {
      tenant: mine.school.id,
      title: `Course ${i}`,
      slug: `course-${i}`,
    })
  }
}, 180_000)

afterAll(async () => {
  await world?.close()
  if (exportDir) await rm(exportDir, { recursive: true, force: true })
})

describe('who may use the portal', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const anonymous = new Visitor(world.hub.url)
    const home = await anonymous.get('/account')
    expect(home.status).toBe(303)
    expect(home.location).toBe('/login?next=%2Faccount')
    const school = await anonymous.get(page)
    expect(school.location).toBe(`/login?next=${encodeURIComponent(page)}`)
    expect((await anonymous.post(`${page}?/cancel`, { confirm: 'yes' })).status).toBe(303)
  })

  it('lists only the schools the account owns', async () => {
    const home = await owner.get('/account')
    expect(home.status).toBe(200)
    expect(home.body).toContain(`data-school="${mine.school.id}"`)
    expect(home.body).not.toContain(theirs.school.id)
  })

  it('answers the owner of another school exactly like a missing school, on every page and action', async () => {
    onTestFailed(() => console.log(world.hub.output()))
    const before = await subscriptionOf(mine.school.id)
    const missing = `/account/schools/${randomUUID()}`
    for (const path of [
      page,
      `${page}?plan=growth`,
      `${page}?confirm=cancel`,
      `/sandbox/billing/${mine.school.id}`,
    ]) {
      const foreign = await stranger.get(path)
      expect(foreign.status, path).toBe(404)
      expect(foreign.body).not.toContain(mine.school.name)
    }
    expect((await stranger.get(missing)).status).toBe(404)
    // The page's data request (client-side navigation) says 404 too, and nothing of the school.
    const data = await stranger.get(`${page}/__data.json`)
    expect(data.body).toContain('404')
    expect(data.body).not.toContain(mine.school.name)
    expect((await stranger.get('/account/schools/not-a-uuid')).status).toBe(404)
    const actions: Array<[string, Record<string, string>]> = [
      ['change', { plan: 'growth', confirm: 'yes' }],
      ['cancel', { confirm: 'yes' }],
      ['resume', {}],
      ['portal', {}],
      ['export', {}],
      ['invite', { email: 'someone@example.test' }],
    ]
    for (const [action, fields] of actions) {
      const foreign = await stranger.post(`${page}?/${action}`, fields)
      const unknown = await stranger.post(`${missing}?/${action}`, fields)
      expect(foreign.status, action).toBe(404)
      expect(unknown.status, action).toBe(404)
    }
    const after = await subscriptionOf(mine.school.id)
    expect(after?.lastEventAt).toBe(before?.lastEventAt)
    expect(after?.cancelAtPeriodEnd).toBe(false)
    expect(await auditOf(mine.school.id)).toEqual([])
  })

  it('refuses a cross-origin post (CSRF)', async () => {
    const post = await owner.post(`${page}?/cancel`, { confirm: 'yes' }, 'https://evil.example')
    expect(post.status).toBe(403)
    expect((await subscriptionOf(mine.school.id))?.cancelAtPeriodEnd).toBe(false)
  })
})

describe('the owner', () => {
  it('sees the school: status, address, plan, subscription and next renewal, and the first invoice', async () => {
    const view = await owner.get(page)
    expect(view.status).toBe(200)
    expect(view.body).toContain(mine.school.name)
    expect(view.body).toContain(`http://${mine.school.slug}.localhost:8080`)
    expect(view.body).toContain('data-plan="scale"')
    expect(view.body).toContain('data-subscription-status="active"')
    expect(view.body).toContain('data-next-renewal')
    expect(view.body).toMatch(/data-invoice="in_sandbox_\w+"/)
  })

  it('is refused a downgrade to a plan the school has outgrown, with the limit named', async () => {
    const preview = await owner.get(`${page}?plan=starter`)
    expect(preview.status).toBe(200)
    expect(preview.body).toContain('Your school is above the limits of this plan (courses)')
    expect(preview.body).not.toContain('action="?/change"')
    const post = await owner.post(`${page}?/change`, { plan: 'starter', confirm: 'yes' })
    expect(post.status).toBe(409)
    expect(post.body).toContain('Your school is above the limits of this plan (courses)')
    expect(await planCode((await subscriptionOf(mine.school.id))?.plan)).toBe('scale')
  })

  it('refuses an unknown plan and an unconfirmed change with 400', async () => {
    expect((await owner.post(`${page}?/change`, { plan: 'platinum', confirm: 'yes' })).status).toBe(400)
    expect((await owner.post(`${page}?/change`, { plan: 'growth' })).status).toBe(400)
  })

  it('previews a downgrade’s credit, confirms it, and the plan changes through the webhook', async () => {
    const preview = await owner.get(`${page}?plan=growth`)
    expect(preview.status).toBe(200)
    const credit = Number(/data-proration="(-?\d+)"/.exec(preview.body)?.[1])
    // Scale 199 € → Growth 79 € with almost the whole 30-day period left: about 120 € back.
    expect(credit).toBeLessThan(-11_900)
    expect(credit).toBeGreaterThanOrEqual(-12_000)
    expect(preview.body).toContain('of credit for the rest of the current period')

    const change = await owner.post(`${page}?/change`, { plan: 'growth', confirm: 'yes' })
    expect(change.status).toBe(303)
    expect(change.location).toBe(`${page}?done=plan`)
    const subscription = await waitFor('the plan change', async () => {
      const doc = await subscriptionOf(mine.school.id)
      return (await planCode(doc?.plan)) === 'growth' ? doc : undefined
    })
    expect(subscription.status).toBe('active')
    const tenant = await world.platform.findByID('tenants', mine.school.id, { depth: 0 })
    expect(await planCode(tenant?.plan)).toBe('growth')
    const [entry] = await auditOf(mine.school.id, 'account.plan_change')
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      action: 'account.plan_change_requested',
    })
    expect(entry?.details).toMatchObject({ planCode: 'growth', currency: 'EUR', by: mine.email })
    const after = await owner.get(`${page}?done=plan`)
    expect(after.body).toContain('data-plan="growth"')
    expect(after.body).toMatch(/data-amount="-\d+"/)
  })

  it('cancels at period end after a confirmation, sees the end date, and undoes it', async () => {
    const unconfirmed = await owner.post(`${page}?/cancel`, {})
    expect(unconfirmed.status).toBe(400)
    const confirm = await owner.get(`${page}?confirm=cancel`)
    expect(confirm.body).toContain('action="?/cancel"')
    expect(confirm.body).toContain('name="confirm" value="yes"')

    const cancel = await owner.post(`${page}?/cancel`, { confirm: 'yes' })
    expect(cancel.status).toBe(303)
    await waitFor('cancel at period end', async () =>
      (await subscriptionOf(mine.school.id))?.cancelAtPeriodEnd ? true : undefined,
    )
    const ending = await owner.get(page)
    expect(ending.body).toContain('data-ends-on')
    expect(ending.body).toContain('action="?/resume"')
    expect(ending.body).not.toContain('data-next-renewal')
    // Twice is refused, not repeated.
    expect((await owner.post(`${page}?/cancel`, { confirm: 'yes' })).status).toBe(409)

    const resume = await owner.post(`${page}?/resume`, {})
    expect(resume.status).toBe(303)
    const resumed = await waitFor('the resume', async () => {
      const doc = await subscriptionOf(mine.school.id)
      return doc && !doc.cancelAtPeriodEnd ? doc : undefined
    })
    expect(resumed.status).toBe('active')
    expect((await auditOf(mine.school.id)).map((e) => e.action)).toEqual([
      'account.plan_change_requested',
      'account.cancel_requested',
      'account.resume_requested',
    ])
  })

  it('opens the sandbox’s billing page: the card and the invoices the sandbox sent', async () => {
    const portal = await owner.post(`${page}?/portal`, {})
    expect(portal.status).toBe(303)
    expect(portal.location).toBe(`/sandbox/billing/${mine.school.id}`)
    const billing = await owner.get(portal.location ?? '')
    expect(billing.status).toBe(200)
    expect(billing.body).toContain('data-card="ok"')
    expect(billing.body.match(/data-invoice="in_sandbox_/g)?.length).toBe(2)
    expect((await auditOf(mine.school.id, 'account.billing_portal')).length).toBe(1)
  })

  it('requests a data export, gets an expiring link by mail, and downloads the archive; nobody else can', async () => {
    onTestFailed(() => console.log(world.hub.output()))
    const request = await owner.post(`${page}?/export`, {})
    expect(request.status).toBe(303)
    expect(request.location).toBe(`${page}?done=export`)
    const mail = await waitForMessage(world.mail.webUrl, {
      to: mine.email,
      subjectIncludes: 'is ready',
      timeoutMs: 60_000,
    })
    const link = /http:\/\/localhost:8080(\/account\/schools\/[^\s"<>]+)/.exec(mail.text)?.[1] ?? ''
    expect(link).toMatch(
      new RegExp(
        `^/account/schools/${mine.school.id}/exports/${mine.school.slug}-\\d{8}T\\d{6}Z\\.tar\\.gz\\?exp=\\d+&sig=`,
      ),
    )
    const exp = Number(new URL(link, world.hub.url).searchParams.get('exp'))
    expect(exp - Date.now()).toBeGreaterThan(23 * 3_600_000)
    expect(exp - Date.now()).toBeLessThanOrEqual(24 * 3_600_000)

    // The archive is the deprovisioning one: a manifest, the documents, the members.
    const file = decodeURIComponent(new URL(link, world.hub.url).pathname.split('/').at(-1) ?? '')
    const listing = spawnSync('tar', ['-tzf', path.join(exportDir, file)], { encoding: 'utf8' })
    expect(listing.stdout).toContain('./manifest.json')
    expect(listing.stdout).toContain('./documents/courses.json')
    expect(listing.stdout).toContain('./members.json')

    const download = await fetch(`${world.hub.url}${link}`, {
      headers: { cookie: owner.cookieHeader(), 'x-forwarded-proto': 'http' },
      redirect: 'manual',
    })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/gzip')
    const bytes = new Uint8Array(await download.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])

    expect((await stranger.get(link)).status).toBe(404)
    expect((await new Visitor(world.hub.url).get(link)).status).toBe(303)
    expect((await owner.get(link.replace(/sig=.{4}/, 'sig=AAAA'))).status).toBe(404)
    expect((await owner.get(link.replace(/exp=\d+/, `exp=${exp + 1}`))).status).toBe(404)
    const actions = (await auditOf(mine.school.id, 'account.export')).map((e) => e.action)
    expect(actions).toEqual(['account.export_requested', 'account.export_ready', 'account.export_downloaded'])
  })

  it('invites a co-owner, who signs up, accepts with the invited address only, and owns the school', async () => {
    onTestFailed(() => console.log(world.hub.output()))
    expect((await owner.post(`${page}?/invite`, { email: 'not an address' })).status).toBe(400)
    const self = await owner.post(`${page}?/invite`, { email: mine.email })
    expect(self.status).toBe(409)
    expect(self.body).toContain('This person already owns the school.')

    const email = newEmail('coowner')
    const invite = await owner.post(`${page}?/invite`, { email })
    expect(invite.status).toBe(303)
    expect(invite.location).toBe(`${page}?done=invite`)
    const mail = await waitForMessage(world.mail.webUrl, {
      to: email,
      subjectIncludes: 'co-own',
      timeoutMs: 30_000,
    })
    const link = /http:\/\/localhost:8080(\/account\/invitations\/[\w-]+)/.exec(mail.text)?.[1] ?? ''
    expect(link).not.toBe('')

    // Somebody else's account cannot use it.
    const wrong = await stranger.get(link)
    expect(wrong.status).toBe(200)
    expect(wrong.body).toContain('data-wrong-account')
    expect((await stranger.post(link, {})).status).toBe(403)
    expect((await stranger.get(page)).status).toBe(404)

    // The invited person signs up (verified code), then accepts.
    const invited = await signUp(world as never, email)
    const view = await invited.get(link)
    expect(view.status).toBe(200)
    expect(view.body).toContain(mine.school.name)
    const accept = await invited.post(link, {})
    expect(accept.status).toBe(303)
    expect(accept.location).toBe(page)
    const now = await invited.get(page)
    expect(now.status).toBe(200)
    expect(now.body).toContain(`data-owner="${email}"`)
    const { docs } = await world.platform.find('users', { where: { email: { equals: email } }, depth: 0 })
    expect(docs[0]?.memberships?.map((m) => [m.tenant, m.role])).toEqual([[mine.school.id, 'admin']])
    expect((await invited.get(link)).status).toBe(404)
    const actions = (await auditOf(mine.school.id, 'account.owner')).map((e) => e.action)
    expect(actions).toEqual(['account.owner_invited', 'account.owner_joined'])
  })
})
