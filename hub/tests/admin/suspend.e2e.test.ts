/**
 * The console's promise end to end, in real Chromium: the super-admin suspends a school from its
 * page, and the school's subdomain shows the suspended page through the gateway; then resumes it,
 * and the subdomain serves the school again.
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
    await expect.poll(() => page.getByTestId('tenant-status').textContent()).toBe('active')

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
