/**
 * The console's promise end to end, in real Chromium: the super-admin suspends a school from its
 * page, and the school's subdomain shows the suspended page through the gateway; then resumes it,
 * and the subdomain serves the school again. Then "view as school admin" (decision 100): the
 * school's own site, read-only, with its banner, every form refused, and Exit.
 *
 * The world: the real cms (seeded), the hub's production build, the provisioner's engine with the
 * local driver running the tenant-app's production build, and the gateway in front of them all
 * on one port (as under `npm start`). Chromium resolves `*.localhost` by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  cmsTenantLookup,
  createLocalDriver,
  createLocalRouting,
  type LocalDriver,
  prepareStandalone,
} from '@lyceum/provisioner/drivers/local'
import { createCmsDownloader, type Engine, requestLifecycle, startEngine } from '@lyceum/provisioner/engine'
import { createGateway, type Gateway } from '@lyceum/provisioner/gateway'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import { repoRoot } from '@lyceum/testing/db'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest'
import { freePort } from '../support/hub-server.ts'
import { type ConsoleWorld, DEMO_PASSWORD, ROLES, startConsoleWorld } from './support.ts'

const TENANT_APP = path.join(repoRoot(), 'tenant-app', '.next', 'standalone', 'tenant-app', 'server.js')

let world: ConsoleWorld
let driver: LocalDriver
let engine: Engine
let gateway: Gateway
let browser: Browser
let gatewayPort: number
let dataDir: string
let northwindId: string

/** Polls until the school's cms status is `status` (generous deadline: a slow CI machine). */
async function waitForStatus(status: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const tenant = await world.platform.findByID('tenants', northwindId)
    if (tenant?.status === status) return
    if (Date.now() > deadline) throw new Error(`northwind stayed ${tenant?.status}, expected ${status}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

beforeAll(async () => {
  gatewayPort = await freePort()
  world = await startConsoleWorld({
    LYCEUM_HUB_PUBLIC_URL: `http://localhost:${gatewayPort}`,
    LYCEUM_ROOT_DOMAIN: 'localhost',
  })
  const northwind = await world.platform.find('tenants', { where: { slug: { equals: 'northwind' } } })
  northwindId = northwind.docs[0]?.id ?? ''
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lyceum-hub-console-'))
  prepareStandalone(TENANT_APP)
  const baseEnv: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name]
    if (value !== undefined) baseEnv[name] = value
  }
  driver = await createLocalDriver({
    dataDir,
    serverPath: TENANT_APP,
    rootDomain: 'localhost',
    baseEnv,
    log: () => {},
  })
  engine = await startEngine({
    pool: world.pool,
    cms: world.platform,
    driver,
    download: createCmsDownloader({ baseUrl: world.cms.baseUrl, apiKey: world.platformKey }),
    log: (level, message) => {
      if (level === 'error') console.error(`[engine] ${message}`)
    },
    config: {
      tenantCmsUrl: world.cms.baseUrl,
      publicUrl: (slug) => `http://${slug}.localhost:${gatewayPort}`,
      exportDir: path.join(dataDir, 'exports'),
      concurrency: 2,
      maxAttempts: 3,
      retentionMs: 30 * 24 * 3600 * 1000,
      healthTimeoutMs: 60_000,
      pollIntervalMs: 200,
      heartbeatMs: 1_000,
      staleAfterMs: 5_000,
      reconcileIntervalMs: 0,
    },
  })
  const hubPort = Number(new URL(world.hub.url).port)
  const cmsPort = Number(new URL(world.cms.baseUrl).port)
  const routing = createLocalRouting({ driver, lookup: cmsTenantLookup(world.platform) })
  gateway = createGateway({
    rootDomain: 'localhost',
    hub: { host: '127.0.0.1', port: hubPort },
    cms: { host: '127.0.0.1', port: cmsPort },
    routes: routing.routes,
    wake: routing.wake,
    onRequest: routing.onRequest,
  })
  await gateway.listen(gatewayPort, '127.0.0.1')
  // The demo school is live first, as after its checkout.
  await requestLifecycle(world.pool, { tenantId: northwindId, action: 'provision' })
  await waitForStatus('active')
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await gateway?.close()
  await engine?.stop()
  await driver?.close()
  await world?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
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
    await waitForStatus('suspended')

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
    await waitForStatus('active')

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
