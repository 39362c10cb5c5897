/**
 * The console's promise end to end, in real Chromium: the super-admin suspends a school from its
 * page, and the school's subdomain shows the suspended page through the gateway; then resumes it,
 * and the subdomain serves the school again. Then "view as school admin" (decision 100): the
 * school's own site, read-only, with its banner, every form refused, and Exit.
 *
 * The world: the real cms (seeded), the hub's production build, the provisioner's engine with the
 * local driver running the tenant-app's production build, and the gateway in front of them all
 * on one port (as under `npm start`), from tests/support/gateway-world.ts. Chromium resolves
 * `*.localhost` by itself.
 */
import { screenshot } from '@lyceum/testing/browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest'
import { type GatewayWorld, startGatewayWorld } from '../support/gateway-world.ts'
import { type ConsoleWorld, DEMO_PASSWORD, ROLES } from './support.ts'

let stack: GatewayWorld
let world: ConsoleWorld
let browser: Browser
let gatewayPort: number
let northwindId: string

beforeAll(async () => {
  stack = await startGatewayWorld()
  world = stack.world
  browser = stack.browser
  gatewayPort = stack.gatewayPort
  northwindId = stack.northwindId
}, 240_000)

afterAll(async () => {
  await stack?.close()
}, 60_000)

it('the super-admin suspends a school: its subdomain shows the suspended page; resumes it: it serves again', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const hub = `http://localhost:${gatewayPort}`
  const school = `http://northwind.localhost:${gatewayPort}/`
  const context = await browser.newContext({ locale: 'en-US' })
  const page = await context.newPage()
  try {
    // Serving before anything happens.
    const before = await page.goto(school)
    expect(before?.status()).toBe(200)
    await expect.poll(() => page.title()).toContain('Northwind')

    await page.goto(`${hub}/login`)
    await page.getByLabel(/email/i).fill(ROLES['super-admin'])
    await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.getByRole('button', { name: /sign in/i }).click(),
    ])

    await page.goto(`${hub}/admin/tenants?q=northwind`)
    await page.getByRole('link', { name: 'Northwind Academy' }).click()
    await expect
      .poll(() => page.getByTestId('tenant-status').textContent(), { timeout: 30_000 })
      .toBe('active')

    // Suspend, through its confirmation step.
    await page.getByRole('link', { name: 'Suspend…' }).click()
    await page.getByLabel(/reason/i).fill('Chromium test')
    await page.getByRole('button', { name: 'Yes, suspend' }).click()
    await page.getByRole('status').filter({ hasText: 'suspend queued' }).waitFor()
    await stack.waitForStatus('suspended')

    // The gateway caches a school's status for 2 s: the page follows within that delay.
    await expect
      .poll(async () => (await page.goto(school))?.status(), { timeout: 30_000, interval: 500 })
      .toBe(503)
    await page.getByRole('heading', { name: 'This school is suspended' }).waitFor()
    await screenshot(page, 'hub-console-suspended')

    // Resume.
    await page.goto(`${hub}/admin/tenants/${northwindId}?confirm=resume`)
    await page.getByRole('button', { name: 'Yes, resume' }).click()
    await page.getByRole('status').filter({ hasText: 'resume queued' }).waitFor()
    await stack.waitForStatus('active')

    await expect
      .poll(async () => (await page.goto(school))?.status(), { timeout: 30_000, interval: 500 })
      .toBe(200)
    await expect.poll(() => page.title()).toContain('Northwind')

    // Both requests are in the school's audit log, by the super-admin.
    const audit = await world.platform.find('audit-log', {
      where: {
        tenant: { equals: northwindId },
        action: { in: ['admin.tenant.suspend', 'admin.tenant.resume'] },
      },
      sort: 'at',
    })
    expect(audit.docs.map((d) => d.action)).toEqual(['admin.tenant.suspend', 'admin.tenant.resume'])
    expect(audit.docs[0]?.details).toMatchObject({ reason: 'Chromium test' })
  } finally {
    await context.close()
  }
}, 240_000)

it('the super-admin views the school as its admin: banner on every page, every change refused, Exit', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const hub = `http://localhost:${gatewayPort}`
  const school = `http://northwind.localhost:${gatewayPort}`
  const context = await browser.newContext({ locale: 'en-US' })
  const noScript = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false })
  const page = await context.newPage()
  try {
    await page.goto(`${hub}/login`)
    await page.getByLabel(/email/i).fill(ROLES['super-admin'])
    await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.getByRole('button', { name: /sign in/i }).click(),
    ])
    await page.goto(`${hub}/admin/tenants/${northwindId}`)
    await page.getByRole('link', { name: 'View as school admin…' }).click()
    await page.getByRole('heading', { name: 'View Northwind Academy as its admin?' }).waitFor()
    // The ticket's URL, to try it a second time below.
    let ticketUrl = ''
    page.on('request', (request) => {
      if (request.url().includes('/impersonate?ticket=')) ticketUrl = request.url()
    })
    await page.getByRole('button', { name: 'Yes, view as school admin' }).click()
    await Promise.all([
      page.waitForURL(`${school}/admin/members`, { timeout: 60_000 }),
      page.getByRole('link', { name: 'Open Northwind Academy as its admin' }).click(),
    ])
    const banner = page.getByTestId('impersonation-banner')
    await expect
      .poll(() => banner.textContent(), { timeout: 30_000 })
      .toMatch(/^Viewing as admin@northwind\.example — read-only — ends at \d\d:\d\d UTC — Exit$/)
    // The admin's page, as the admin sees it: the school's members.
    await page.getByText('learner@northwind.example').first().waitFor()
    await screenshot(page, 'hub-console-impersonation')
    await page.goto(`${school}/`)
    await banner.waitFor()

    // Every change is refused before it runs: a server action (as the page's JavaScript sends
    // it) and the same form posted without JavaScript, which shows the message.
    const action = await page.evaluate(async () => {
      const response = await fetch('/admin/members', {
        method: 'POST',
        headers: { 'next-action': 'any', 'content-type': 'text/plain;charset=UTF-8' },
        body: '[]',
      })
      return { status: response.status, text: await response.text() }
    })
    expect(action.status).toBe(403)
    expect(action.text).toContain('Read-only: you are viewing this school as its admin')
    await noScript.addCookies(await context.cookies(school))
    const plain = await noScript.newPage()
    await plain.goto(`${school}/admin/members`)
    const response = plain.waitForResponse((r) => r.request().method() === 'POST')
    await plain.getByRole('button', { name: 'Remove learner@northwind.example from the school' }).click()
    expect((await response).status()).toBe(403)
    await plain.getByRole('heading', { name: 'Read-only view' }).waitFor()
    await plain.getByText('changes are refused').waitFor()
    const learner = await world.platform.find('users', {
      where: { email: { equals: 'learner@northwind.example' } },
    })
    expect(JSON.stringify(learner.docs[0]?.memberships)).toContain(northwindId)

    // The ticket was single use.
    expect(ticketUrl).not.toBe('')
    const again = await noScript.newPage()
    const reused = await again.goto(ticketUrl)
    expect(reused?.status()).toBe(403)
    await again.getByRole('heading', { name: 'This viewing link is not valid' }).waitFor()

    // Exit: signed out, no banner, and the end is in the audit log after the start.
    await page.getByRole('button', { name: 'Exit' }).click()
    await page.waitForURL(`${school}/`)
    await page
      .getByRole('link', { name: /sign in/i })
      .first()
      .waitFor()
    expect(await banner.count()).toBe(0)
    const audit = await world.platform.find('audit-log', {
      where: {
        tenant: { equals: northwindId },
        action: { in: ['admin.tenant.impersonate', 'admin.impersonation.start', 'admin.impersonation.end'] },
      },
      sort: 'at',
    })
    expect(audit.docs.map((d) => d.action)).toEqual([
      'admin.tenant.impersonate',
      'admin.impersonation.start',
      'admin.impersonation.end',
    ])
    expect(audit.docs[2]?.details).toMatchObject({ reason: 'exit', admin: 'admin@northwind.example' })
  } finally {
    await noScript.close()
    await context.close()
  }
}, 240_000)
