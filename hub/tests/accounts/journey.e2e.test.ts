/**
 * The prospect's first steps in real Chromium, against the hub's production build, the real cms
 * and the real mail catcher: signup → the code read from the catcher → onboarding with the live
 * subdomain check → /checkout/<tenantId>.
 */
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { watchedPage } from '../support/browser-page.ts'
import { GOOD_PASSWORD, latestCode, newEmail, startWorld, type World } from './support.ts'

let world: World
let browser: Browser

beforeAll(async () => {
  ;[world, browser] = await Promise.all([startWorld(), launchChromium()])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await world?.close()
})

describe('signup to checkout in Chromium', () => {
  it('signs up, verifies the emailed code, sets up the school and lands on its checkout', async () => {
    onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
    const { context, page, consoleErrors } = await watchedPage(browser, 'en')
    const email = newEmail('browser')

    await page.goto(`${world.hub.url}/signup`)
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(GOOD_PASSWORD)
    await page.getByRole('button', { name: 'Create my account' }).click()
    await expect.poll(() => page.getByTestId('verify-lead').textContent()).toContain(email)

    await page.getByLabel('6-digit code').fill(await latestCode(world, email))
    await page.getByRole('button', { name: 'Verify my email' }).click()
    await page.waitForURL(`${world.hub.url}/onboarding`)
    await expect.poll(() => page.locator('header').textContent()).toContain(email)

    // The live check answers as the visitor types.
    const slug = page.getByLabel('Address')
    await slug.fill('admin')
    await expect
      .poll(() => page.getByTestId('slug-status').textContent(), { timeout: 15_000 })
      .toContain('reserved')
    await slug.fill('northwind')
    await expect
      .poll(() => page.getByTestId('slug-status').textContent(), { timeout: 15_000 })
      .toContain('taken')
    const free = `journey-${Date.now().toString(36)}`
    await slug.fill(free)
    await expect
      .poll(() => page.getByTestId('slug-status').textContent(), { timeout: 15_000 })
      .toContain(`${free}.lyceum.test is available.`)

    await page.getByLabel('School name').fill('Journey Academy')
    await page.getByLabel('Language of the school').selectOption('fr')
    await page.locator('input[name="plan"]').first().check()
    await screenshot(page, 'hub-onboarding')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.waitForURL(/\/checkout\/[0-9a-f-]{36}$/)

    const tenantId = new URL(page.url()).pathname.split('/').pop() ?? ''
    const tenant = await world.platform.findByID('tenants', tenantId)
    expect(tenant).toMatchObject({ name: 'Journey Academy', slug: free, status: 'pending', locale: 'fr' })
    expect(consoleErrors).toEqual([])
    await context.close()
  })
})
