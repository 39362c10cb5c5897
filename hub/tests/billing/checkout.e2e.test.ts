/**
 * The sandbox checkout in real Chromium, against the hub's production build and the real cms:
 * sign in, choose a plan, the hosted-checkout look-alike (a declined card, then a card that
 * works), the landing on the school's progress page, and the subscription the webhooks made.
 * Screenshots: artifacts/screenshots/hub-checkout*.png. No console error, no CSP violation.
 */
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest'
import { watchedPage } from '../support/browser-page.ts'
import { type HubWorld, schoolWithAdmin, signInAtCheckout, startHubWorld } from './hub-world.ts'
import { waitFor } from './support.ts'

let world: HubWorld
let browser: Browser

beforeAll(async () => {
  ;[world, browser] = await Promise.all([startHubWorld(), launchChromium()])
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await world?.close()
})

it('pays in the sandbox and lands on the school’s progress page', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const { school, email } = await schoolWithAdmin(world, 'chromium')
  const { context, page, consoleErrors } = await watchedPage(browser, 'fr')

  await signInAtCheckout(page, world, school.id, email)
  await expect.poll(() => page.locator('h1').textContent()).toBe(`Abonner ${school.name}`)
  await page.locator('input[name="plan"][value="growth"]').check()
  await screenshot(page, 'hub-checkout')
  await page.getByRole('button', { name: 'Continuer vers le paiement' }).click()
  await page.waitForURL(/\/checkout\/sandbox\//)

  await page.getByRole('button', { name: 'Payer avec une carte refusée' }).click()
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('Votre carte a été refusée')
  await screenshot(page, 'hub-checkout-sandbox-declined')
  await page.getByRole('button', { name: 'Payer avec une carte valide' }).click()
  await page.waitForURL(`${world.hub.url}/schools/${school.id}`)

  const subscription = await waitFor('the subscription', async () => {
    const { docs } = await world.platform.find('subscriptions', { where: { tenant: { equals: school.id } } })
    return docs[0]?.status === 'trialing' ? docs[0] : undefined
  })
  expect(subscription.provider).toBe('sandbox')
  const plan = await world.platform.findByID('plans', String(subscription.plan))
  expect(plan?.code).toBe('growth')
  expect(consoleErrors).toEqual([])
  await context.close()
})
