/**
 * Read-only impersonation on a school's own instance (decision 100), over HTTP against the
 * production builds (cms with the demo seed, two schools' instances): a console ticket works on
 * its school only and once; the session shows the banner, every form or server action gets the
 * 403 read-only page; an expired session is signed out and its end recorded; Exit ends it for
 * good. The browser journey (console → school → banner → refused form → Exit) is
 * hub/tests/admin/suspend.e2e.test.ts. Needs `pnpm build` here and the cms build.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { mintPlatformKey, TEST_CMS_SECRET } from '@lyceum/testing/cms'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTenantApp, type TenantApp } from './support/instance.ts'
import { SUPER_ADMIN, startWorld, type World } from './support/world.ts'

let world: World
let platformKey: CmsClient
let northwind: TenantApp
let lumiere: TenantApp
let superAdminId: string
let adminId: string

beforeAll(async () => {
  world = await startWorld()
  platformKey = createCmsClient({ baseUrl: world.cms.baseUrl }).withAuth({
    apiKey: await mintPlatformKey(world.cms, 'impersonation e2e'),
  })
  const users = await world.platform.find('users', {
    where: { email: { in: [SUPER_ADMIN.email, 'admin@northwind.example'] } },
  })
  superAdminId = users.docs.find((u) => u.email === SUPER_ADMIN.email)?.id ?? ''
  adminId = users.docs.find((u) => u.email === 'admin@northwind.example')?.id ?? ''
  const env = (school: World['northwind']) => ({
    LYCEUM_TENANT_SLUG: school.slug,
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: school.key,
  })
  northwind = await startTenantApp(env(world.northwind))
  lumiere = await startTenantApp(env(world.lumiere))
})

afterAll(async () => {
  await northwind?.close()
  await lumiere?.close()
  await world?.close()
})

const ticketFor = async () =>
  (await platformKey.impersonationTicket({ tenant: world.northwind.id, by: superAdminId })).ticket

/** A request to an instance, redirects not followed, with the session cookie when given. */
function call(
  app: TenantApp,
  path: string,
  init: { session?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return fetch(`${app.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...(init.session ? { cookie: `lyceum_session=${init.session}` } : {}), ...init.headers },
    body: init.body,
  })
}

/** The session cookie an answer sets: its value, or '' when it deletes it; undefined if untouched. */
function sessionSet(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith('lyceum_session='))
  if (line === undefined) return undefined
  const value = line.slice('lyceum_session='.length).split(';')[0] ?? ''
  return /max-age=0|expires=thu, 01 jan 1970/i.test(line) ? '' : value
}

async function endsOf(reason: 'exit' | 'expired') {
  const { docs } = await world.platform.find('audit-log', {
    where: { action: { equals: 'admin.impersonation.end' }, tenant: { equals: world.northwind.id } },
    limit: 0,
  })
  return docs.filter((d) => (d.details as { reason?: string } | null)?.reason === reason)
}

describe('a console ticket', () => {
  it('is refused by another school, then works on its own school once', async () => {
    const ticket = await ticketFor()
    const elsewhere = await call(lumiere, `/impersonate?ticket=${encodeURIComponent(ticket)}`)
    expect(elsewhere.status).toBe(403)
    expect(await elsewhere.text()).toContain('This viewing link is not valid')
    expect(sessionSet(elsewhere)).toBeUndefined()

    const here = await call(northwind, `/impersonate?ticket=${encodeURIComponent(ticket)}`)
    expect(here.status).toBe(303)
    expect(here.headers.get('location')).toBe('/admin/members')
    const session = sessionSet(here) ?? ''
    expect(session).toMatch(/^imp1\./)
    const cookie = here.headers.getSetCookie().find((c) => c.startsWith('lyceum_session=')) ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).not.toMatch(/Domain=/i)

    const again = await call(northwind, `/impersonate?ticket=${encodeURIComponent(ticket)}`)
    expect(again.status).toBe(403)
    expect(await call(northwind, '/impersonate?ticket=garbage').then((r) => r.status)).toBe(403)
  })
})

describe('a session', () => {
  let session: string
  beforeAll(async () => {
    const ticket = await ticketFor()
    session = sessionSet(await call(northwind, `/impersonate?ticket=${encodeURIComponent(ticket)}`)) ?? ''
  })

  it('shows the school as its admin, with the banner, on every page', async () => {
    for (const path of ['/admin/members', '/', '/my-learning']) {
      const page = await call(northwind, path, { session })
      expect(page.status, path).toBe(200)
      const html = await page.text()
      expect(html, path).toContain('data-testid="impersonation-banner"')
      expect(html, path).toMatch(
        /Viewing as <strong>admin@northwind\.example<\/strong> — read-only — ends at/,
      )
      // Exit ends the view; a sign-out button would only meet the read-only refusal.
      expect(html, path).not.toContain('Sign out</button>')
    }
    expect(await (await call(northwind, '/admin/members', { session })).text()).toContain(
      'learner@northwind.example',
    )
    // The cookie is this host's: on another school's instance it signs no one in.
    const replayed = await call(lumiere, '/', { session })
    expect(await replayed.text()).not.toContain('impersonation-banner')
  })

  it('refuses every form and server action with the read-only page, and nothing changes', async () => {
    const before = await world.platform.count('invitations', {
      where: { tenant: { equals: world.northwind.id } },
    })
    const attempts: Array<{ headers: Record<string, string>; body: string }> = [
      // As the page's JavaScript sends a server action.
      { headers: { 'next-action': 'anything', 'content-type': 'text/plain;charset=UTF-8' }, body: '[]' },
      // As a form without JavaScript.
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=new%40northwind.example&role=learner',
      },
    ]
    for (const attempt of attempts) {
      const response = await call(northwind, '/admin/members', { session, method: 'POST', ...attempt })
      expect(response.status).toBe(403)
      expect(await response.text()).toContain('Read-only: you are viewing this school as its admin')
    }
    expect(
      await world.platform.count('invitations', { where: { tenant: { equals: world.northwind.id } } }),
    ).toBe(before)
  })

  it('Exit ends it for good: audit-logged, cookie deleted, the old cookie signs no one in', async () => {
    const exit = await call(northwind, '/impersonate/exit', { session, method: 'POST' })
    expect(exit.status).toBe(303)
    expect(exit.headers.get('location')).toBe('/')
    expect(sessionSet(exit)).toBe('')
    expect((await endsOf('exit')).length).toBeGreaterThanOrEqual(1)
    const replayed = await call(northwind, '/admin/members', { session })
    expect(replayed.status).toBe(404)
    expect(await replayed.text()).not.toContain('impersonation-banner')
    // Posting with it (say, signing in as oneself) is not refused as read-only: signed out first.
    const post = await call(northwind, '/login', {
      session,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    })
    expect(post.status).toBe(303)
    expect(post.headers.get('location')).toBe('/login')
    expect(sessionSet(post)).toBe('')
  })
})

it('an expired session: signed out at the next request, its end recorded', async () => {
  // Signed as the cms signs (the key is derived from the cms's secret), but expired.
  const payloadSecret = createHash('sha256').update(TEST_CMS_SECRET).digest('hex').slice(0, 32)
  const key = createHmac('sha256', payloadSecret).update('lyceum impersonation v1').digest()
  const claims = {
    k: 'session',
    id: randomUUID(),
    tenant: world.northwind.id,
    admin: adminId,
    adminEmail: 'admin@northwind.example',
    by: superAdminId,
    byEmail: SUPER_ADMIN.email,
    exp: Date.now() - 1000,
  }
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  const expired = `imp1.${body}.${createHmac('sha256', key).update(`imp1.${body}`).digest('base64url')}`
  const before = (await endsOf('expired')).length
  const response = await call(northwind, '/admin/members?x=1', { session: expired })
  expect(response.status).toBe(303)
  expect(response.headers.get('location')).toBe('/admin/members?x=1')
  expect(sessionSet(response)).toBe('')
  expect((await endsOf('expired')).length).toBe(before + 1)
  // A form posted with it is not refused as read-only: the browser is signed out first.
  const post = await call(northwind, '/login', { session: expired, method: 'POST', body: 'x=1' })
  expect(post.status).toBe(303)
})
