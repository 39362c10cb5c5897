/**
 * The end-to-end journey (README "Tests"): the platform started as `npm start` starts it, and a
 * prospect's whole path through it in real Chromium. Every step saves a screenshot under
 * artifacts/screenshots/journey-*.png.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { extractVerificationCode, waitForMessage } from '@lyceum/mail/catcher'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Platform, startPlatform } from '../src/platform.ts'

const ports = { gateway: 18080, hub: 13000, cms: 13001, smtp: 11025, mailWeb: 11080, pg: 54381 }

let platform: Platform
let browser: Browser
let prospect: BrowserContext
let page: Page
/** expect.poll waits 1 s by default; a loaded 2-core CI machine needs longer. */
const SLOW = { timeout: 30_000, interval: 250 }
let shot = 0
const run = randomBytes(3).toString('hex')
const owner = { email: `owner-${run}@journey.example`, password: 'a long journey passphrase' }
const slug = `e2e-${run}`
let tenantId = ''
let failures = 0
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    failures += 1
  })
})
const snap = async (p: Page, name: string) => {
  shot += 1
  await screenshot(p, `journey-${String(shot).padStart(2, '0')}-${name}`)
}

beforeAll(async () => {
  platform = await startPlatform({ ports, dataDir: path.join(tmpdir(), `lyceum-journey-${process.pid}`) })
  console.log(`journey: the platform was ready in ${platform.readySeconds.toFixed(1)} s`)
  browser = await launchChromium()
  prospect = await browser.newContext({
    locale: 'fr-FR',
    extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
  })
  page = await prospect.newPage()
})

afterAll(async () => {
  await browser?.close()
  if (platform) {
    const code = await platform.stop()
    expect(code, `npm start should stop cleanly on Ctrl-C:\n${platform.output().slice(-2000)}`).toBe(0)
    // Kept when a test failed: its logs/ and tenants/<slug>/ folders say what happened.
    if (failures === 0) rmSync(platform.dataDir, { recursive: true, force: true })
  }
})

describe('the whole platform, as npm start runs it', () => {
  it('prints where everything is, and reports every component healthy with npm run status', () => {
    const out = platform.output()
    expect(out).toContain(`hub           http://localhost:${ports.gateway}`)
    expect(out).toContain(`cms admin     http://cms.localhost:${ports.gateway}/admin`)
    expect(out).toContain('superadmin@lyceum.example')
    const status = platform.status()
    expect(status.output).toMatch(/✓ postgres/)
    expect(status.output).toMatch(/✓ cms/)
    expect(status.output).toMatch(/✓ hub/)
    expect(status.output).toMatch(/✓ provisioner \+ gateway/)
    expect(status.output).toMatch(/✓ mail catcher/)
    expect(status.code, status.output).toBe(0)
  })

  it('1. shows a French prospect the landing page in French', async () => {
    await page.goto(platform.hubUrl)
    await expect.poll(() => page.locator('html').getAttribute('lang'), SLOW).toBe('fr')
    await snap(page, 'landing-fr')
  })

  it('provisions the demo schools on the first start, each on its own subdomain', async () => {
    const school = await browser.newPage()
    for (const slug of ['northwind', 'lumiere']) {
      await expect
        .poll(async () => (await school.goto(platform.schoolUrl(slug)))?.status(), {
          timeout: 120_000,
          interval: 1_000,
        })
        .toBe(200)
    }
    await snap(school, 'demo-school')
    await school.close()
    const status = platform.status()
    expect(status.output).toMatch(/northwind\s+active/)
    expect(status.output).toMatch(/lumiere\s+active/)
  })
})

describe('a prospect becomes a school', () => {
  it('2. signs up and verifies the email with the code from the mail catcher', async () => {
    await page.goto(`${platform.hubUrl}/signup`)
    await page.locator('form[action="?/signup"] input[name="email"]').fill(owner.email)
    await page.locator('form[action="?/signup"] input[name="password"]').fill(owner.password)
    await snap(page, 'signup')
    await page.locator('form[action="?/signup"] button[type="submit"]').click()
    await page.locator('form[action="?/verify"] input[name="code"]').waitFor()
    const mail = await waitForMessage(platform.mailUrl, { to: owner.email, timeoutMs: 30_000 })
    const code = extractVerificationCode(mail.text)
    expect(code).toMatch(/^\d{6}$/)
    await page.locator('form[action="?/verify"] input[name="code"]').fill(code)
    await snap(page, 'verify')
    await page.locator('form[action="?/verify"] button[type="submit"]').click()
    await page.waitForURL(/\/onboarding$/)
  })

  it('3. names the school, picks the subdomain e2e-<random> (checked live) and a plan with a trial', async () => {
    await page.locator('input[name="name"]').fill(`École ${run}`)
    await page.locator('input[name="slug"]').fill(slug)
    await page.locator('select[name="locale"]').selectOption('fr')
    const plans = page.locator('input[type="radio"][name="plan"]')
    expect(await plans.count()).toBeGreaterThan(0)
    await plans.first().check()
    await snap(page, 'onboarding')
    await page.locator('form button[type="submit"]').last().click()
    await page.waitForURL(/\/checkout\/[0-9a-f-]{36}$/)
    tenantId = page.url().split('/').pop() ?? ''
  })

  it('4. pays in the sandbox checkout and watches the school being set up until it is live', async () => {
    await snap(page, 'checkout')
    await page.locator('form button[type="submit"].primary').click()
    await page.waitForURL(/\/checkout\/sandbox\//)
    await snap(page, 'sandbox-checkout')
    const paidAt = Date.now()
    await page.locator('button[formaction="?/pay"]').click()
    await page.waitForURL(new RegExp(`/schools/${tenantId}$`))
    await page.locator('[data-step="mark-provisioning"]').waitFor()
    await snap(page, 'progress')
    // The page sends the admin to the school once it is live.
    await page.waitForURL(`${platform.schoolUrl(slug)}/`, { timeout: 120_000 })
    console.log(`journey: paid → school live and shown in ${((Date.now() - paidAt) / 1000).toFixed(1)} s`)
    await snap(page, 'school-live')
  })

  it('5. signs in on the school’s own host as its admin, and finds the welcome email', async () => {
    const welcome = await waitForMessage(platform.mailUrl, {
      to: owner.email,
      subjectIncludes: `École ${run}`,
      timeoutMs: 30_000,
    })
    expect(welcome.text).toContain(platform.schoolUrl(slug))
    await page.goto(`${platform.schoolUrl(slug)}/login`)
    await page.locator('input[name="email"]').fill(owner.email)
    await page.locator('input[name="password"]').fill(owner.password)
    await page.locator('form button[type="submit"]').click()
    await expect
      .poll(
        () =>
          page
            .locator('form button[type="submit"]')
            .filter({ hasText: /déconnecter|sign out/i })
            .count(),
        SLOW,
      )
      .toBe(1)
    await snap(page, 'school-admin-signed-in')
  })
})

/** The school's front page through the gateway: status and heading, read without waking logic of our own. */
async function schoolFront(p: Page): Promise<{ status: number; heading: string }> {
  const response = await p.goto(platform.schoolUrl(slug))
  return { status: response?.status() ?? 0, heading: (await p.locator('h1').first().textContent()) ?? '' }
}

/** Presses one of the sandbox time machine's buttons for the new school. */
async function timeMachine(action: 'renew' | 'fail_renewal' | 'cancel' | 'skip_wait') {
  await page.goto(`${platform.hubUrl}/sandbox/subscriptions/${tenantId}`)
  await page.locator(`button[name="action"][value="${action}"]`).click()
  await page.waitForURL(new RegExp(`sent=${action}$`))
}

/** Waits until the school's subscription (as the sandbox page shows it) has `status`. */
async function subscriptionStatus(status: string) {
  await expect
    .poll(
      async () => {
        await page.goto(`${platform.hubUrl}/sandbox/subscriptions/${tenantId}`)
        return page.locator('dd[data-status]').getAttribute('data-status')
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(status)
}

describe('the subscription runs its course', () => {
  let visitor: Page

  beforeAll(async () => {
    visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage()
  })

  it('8. a failed renewal keeps the school serving through the grace period, then suspends it', async () => {
    await timeMachine('fail_renewal')
    await subscriptionStatus('past_due')
    await snap(page, 'sandbox-past-due')
    expect((await schoolFront(visitor)).status).toBe(200)
    await snap(visitor, 'school-in-grace')
    await timeMachine('skip_wait')
    await expect
      .poll(async () => schoolFront(visitor), { timeout: 60_000, interval: 1_000 })
      .toEqual({ status: 503, heading: 'Cette école est suspendue' })
    await snap(visitor, 'school-suspended')
  })

  it('9. once the payment is fixed, the school serves again', async () => {
    await timeMachine('renew')
    await subscriptionStatus('active')
    await expect
      .poll(async () => (await schoolFront(visitor)).status, { timeout: 90_000, interval: 1_000 })
      .toBe(200)
    await snap(visitor, 'school-serves-again')
  })

  it('10. a cancellation suspends at once; after the retention period the school is deprovisioned and exported', async () => {
    await timeMachine('cancel')
    await subscriptionStatus('canceled')
    await expect
      .poll(async () => (await schoolFront(visitor)).status, { timeout: 60_000, interval: 1_000 })
      .toBe(503)
    await snap(visitor, 'school-canceled-suspended')
    await timeMachine('skip_wait')
    await expect
      .poll(async () => (await schoolFront(visitor)).status, { timeout: 90_000, interval: 1_000 })
      .toBe(404)
    await snap(visitor, 'school-deprovisioned')
    const exportDir = path.join(platform.dataDir, 'exports')
    await expect
      .poll(
        () =>
          (existsSync(exportDir) ? readdirSync(exportDir) : []).filter(
            (f) => f.startsWith(`${slug}-`) && f.endsWith('.tar.gz'),
          ),
        SLOW,
      )
      .toHaveLength(1)
    const status = platform.status()
    expect(status.output).toMatch(new RegExp(`${slug}\\s+deprovisioned`))
  })

  it('11. the super-admin sees the whole history in the console', async () => {
    const admin = await (await browser.newContext()).newPage()
    await admin.goto(`${platform.hubUrl}/login`)
    await admin.locator('input[name="email"]').fill('superadmin@lyceum.example')
    await admin.locator('input[name="password"]').fill('lyceum-demo-2026')
    await admin.locator('form button[type="submit"]').last().click()
    await admin.waitForURL((url) => !url.pathname.startsWith('/login'))
    await admin.goto(`${platform.hubUrl}/admin/tenants/${tenantId}`)
    await expect.poll(() => admin.getByTestId('tenant-status').textContent(), SLOW).toBe('deprovisioned')
    const events = await admin.locator('[data-list="billing-events"] li').allTextContents()
    expect(events.join('\n')).toMatch(/invoice\.payment_failed/)
    expect(events.join('\n')).toMatch(/customer\.subscription\.deleted/)
    const runs = await admin
      .locator('details.run')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-run')))
    expect(runs).toEqual(expect.arrayContaining(['provision', 'suspend', 'resume', 'deprovision']))
    expect(await admin.locator('[data-list="audit"] tbody tr').count()).toBeGreaterThan(3)
    await snap(admin, 'console-history')
  })
})
