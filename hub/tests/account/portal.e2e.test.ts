/**
 * The customer portal in real Chromium, against the hub's production build in sandbox mode and the
 * real cms: an owner who paid in the sandbox opens "My schools", cancels at the end of the period
 * (with the confirmation step), sees "will end on", then resumes. In French, no console error.
 * Screenshots: artifacts/screenshots/hub-portal*.png.
 */
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest'
import { type HubWorld, schoolWithAdmin, signInAtCheckout, startHubWorld } from '../billing/hub-world.ts'
import { waitFor } from '../billing/support.ts'
import { watchedPage } from '../support/browser-page.ts'

let world: HubWorld
let browser: Browser

beforeAll(async () => {
  ;[world, browser] = await Promise.all([startHubWorld(), launchChromium()])
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await world?.close()
})

it('a customer cancels at period end and then resumes', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const { school, email } = await schoolWithAdmin(world, 'resume')
  const { context, page, consoleErrors } = await watchedPage(browser, 'fr')

  // Sign in and pay for Growth in the sandbox (a trial).
  await signInAtCheckout(page, world, school.id, email)
  await page.locator('input[name="plan"][value="growth"]').check()
  await page.getByRole('button', { name: 'Continuer vers le paiement' }).click()
  await page.waitForURL(/\/checkout\/sandbox\//)
  await page.getByRole('button', { name: 'Payer avec une carte valide' }).click()
  await page.waitForURL(`${world.hub.url}/schools/${school.id}`)
  await waitFor('the subscription', async () => {
    const { docs } = await world.platform.find('subscriptions', { where: { tenant: { equals: school.id } } })
    return docs[0]?.status === 'trialing' ? docs[0] : undefined
  })

  // My schools → the school.
  await page.getByRole('link', { name: 'Mes écoles' }).click()
  await page.waitForURL(`${world.hub.url}/account`)
  await page.getByRole('link', { name: `Gérer ${school.name}` }).click()
  await page.waitForURL(`${world.hub.url}/account/schools/${school.id}`)
  await expect
    .poll(() => page.locator('[data-subscription-status]').getAttribute('data-subscription-status'))
    .toBe('trialing')

  // Cancel at period end, through the confirmation.
  await page.getByRole('link', { name: 'Résilier à la fin de la période' }).click()
  await expect.poll(() => page.getByRole('heading', { name: /^Résilier l’abonnement/ }).count()).toBe(1)
  await screenshot(page, 'hub-portal-cancel-confirm')
  await page.getByRole('button', { name: 'Oui, résilier à la fin de la période' }).click()
  await page.waitForURL(/done=cancel/)
  await expect
    .poll(
      async () => {
        if ((await page.locator('[data-ends-on]').count()) === 0) await page.reload()
        return page.locator('[data-ends-on]').textContent()
      },
      { timeout: 30_000 },
    )
    .toContain('Votre abonnement prendra fin le')
  await screenshot(page, 'hub-portal-ends-on')

  // Resume.
  await page.getByRole('button', { name: /garder mon abonnement$/ }).click()
  await page.waitForURL(/done=resume/)
  await expect
    .poll(
      async () => {
        if ((await page.locator('[data-next-renewal]').count()) === 0) await page.reload()
        return page.locator('[data-next-renewal]').count()
      },
      { timeout: 30_000 },
    )
    .toBe(1)
  expect(await page.locator('[data-ends-on]').count()).toBe(0)
  await screenshot(page, 'hub-portal-resumed')
  const { docs } = await world.platform.find('subscriptions', { where: { tenant: { equals: school.id } } })
  expect(docs[0]).toMatchObject({ status: 'trialing', cancelAtPeriodEnd: false })
  expect(consoleErrors).toEqual([])
  await context.close()
})
