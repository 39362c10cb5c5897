/**
 * The end-to-end journey (README "Tests"): the platform started as `npm start` starts it, and a
 * prospect's whole path through it in real Chromium. Every step saves a screenshot under
 * artifacts/screenshots/journey-*.png.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
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
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr')
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
      .poll(() =>
        page
          .locator('form button[type="submit"]')
          .filter({ hasText: /déconnecter|sign out/i })
          .count(),
      )
      .toBe(1)
    await snap(page, 'school-admin-signed-in')
  })
})
