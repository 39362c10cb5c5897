/**
 * Moderation end to end, in real Chromium (issue 6, decision 095): a learner reports a lesson on
 * their school's site, the super-admin finds it in the console's queue with its context and
 * unpublishes it, and the school's admin and the reporter get their mails in the catcher.
 *
 * The world is the one of suspend.e2e.test.ts: the real cms (seeded), the hub's production build,
 * the provisioner's engine with the local driver running the tenant-app's production build, and
 * the gateway in front of them all on one port; plus the mail catcher both send to.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
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
let mail: MailCatcher

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
  mail = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  world = await startConsoleWorld({
    LYCEUM_SMTP_URL: mail.smtpUrl,
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
  await mail?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}, 60_000)

const LESSON = 'Know your reader and their task'
const COURSE = '/courses/writing-clear-technical-documentation'

it('a learner reports a lesson; the super-admin unpublishes it from the queue; admin and reporter are mailed', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const hub = `http://localhost:${gatewayPort}`
  const school = `http://northwind.localhost:${gatewayPort}`
  const learnerContext = await browser.newContext({ locale: 'en-US' })
  const adminContext = await browser.newContext({ locale: 'en-US' })
  try {
    // The learner signs in on the school's site, enrolls and opens the first lesson.
    const learner = await learnerContext.newPage()
    await learner.goto(`${school}/login`)
    await learner.getByLabel(/^Email$/).fill(ROLES.learner)
    await learner.getByLabel(/^Password$/).fill(DEMO_PASSWORD)
    await Promise.all([
      learner.waitForURL((url) => !url.pathname.startsWith('/login')),
      learner.getByRole('button', { name: /^Sign in$/ }).click(),
    ])
    await learner.goto(`${school}${COURSE}`)
    await learner.getByRole('button', { name: 'Enroll in this course' }).click()
    await learner.getByRole('heading', { level: 1, name: LESSON }).waitFor()

    // Report it: reason and comment, then the thank-you; the form is gone on the next visit.
    await learner.getByText('Report this lesson').click()
    await learner.getByLabel('Copyright infringement').check()
    await learner.getByLabel('Comment (optional)').fill('Copied word for word from a textbook.')
    await learner.getByRole('button', { name: 'Send the report' }).click()
    await learner.getByText('Thank you: your report was sent to the moderators.').waitFor()
    await screenshot(learner, 'moderation-reported')
    const lessonUrl = new URL(learner.url())
    await learner.goto(`${lessonUrl.origin}${lessonUrl.pathname}`)
    await learner.getByText('You reported this lesson.').waitFor()
    expect(await learner.getByText('Report this lesson').count()).toBe(0)

    // The super-admin finds it in the queue, with its context, and unpublishes it.
    const admin = await adminContext.newPage()
    await admin.goto(`${hub}/login`)
    await admin.getByLabel(/email/i).fill(ROLES['super-admin'])
    await admin.getByLabel(/password/i).fill(DEMO_PASSWORD)
    await Promise.all([
      admin.waitForURL((url) => !url.pathname.startsWith('/login')),
      admin.getByRole('button', { name: /sign in/i }).click(),
    ])
    await admin.goto(`${hub}/admin`)
    await admin.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Moderation' }).click()
    const item = admin.locator('li[data-item^="lesson:"]').filter({ hasText: LESSON })
    await item.waitFor()
    await expect.poll(() => item.getByTestId('counts').textContent()).toMatch(/1\s*report:\s*copyright 1/)
    await item.getByText('Northwind Academy').waitFor()
    await item.getByText('Writing Clear Technical Documentation').waitFor()
    await item.getByText(ROLES.learner).waitFor()
    await item.getByText('Copied word for word from a textbook.').waitFor()
    await screenshot(admin, 'moderation-queue')
    await item.getByRole('link', { name: 'Unpublish…' }).click()
    await admin.getByRole('button', { name: 'Yes, unpublish' }).click()
    await admin.getByTestId('decided').filter({ hasText: 'Decided: unpublish' }).waitFor()
    await admin.getByTestId('queue-empty').waitFor()

    // The course is offline: the cms says so, and the lesson is gone from the school's site.
    const courses = await world.platform.find('courses', {
      where: { slug: { equals: 'writing-clear-technical-documentation' } },
    })
    expect(courses.docs[0]?.published).toBe(false)
    await expect
      .poll(async () => (await learner.goto(`${school}${COURSE}`))?.status(), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(404)

    // The school's admin and the reporter are told, in the school's language.
    const toAdmin = await waitForMessage(mail.webUrl, {
      to: ROLES['school admin'],
      subjectIncludes: 'has been unpublished',
      timeoutMs: 30_000,
    })
    expect(toAdmin.text).toContain(LESSON)
    const toReporter = await waitForMessage(mail.webUrl, {
      to: ROLES.learner,
      subjectIncludes: 'has been reviewed',
      timeoutMs: 30_000,
    })
    expect(toReporter.text).toContain('The content has been taken offline.')

    // The decision is in the audit log, by the super-admin.
    const audit = await world.platform.find('audit-log', {
      where: { action: { equals: 'admin.report.unpublish' } },
    })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0]?.tenant).toBe(northwindId)
  } finally {
    await learnerContext.close()
    await adminContext.close()
  }
}, 300_000)
