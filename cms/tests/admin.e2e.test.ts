import { randomUUID } from 'node:crypto'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import { type CmsServer, startCmsServer } from '@lyceum/testing/cms'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, SUPER_ADMIN_EMAIL } from '../src/seed/demo.ts'

let cms: CmsServer
let browser: Browser

beforeAll(async () => {
  ;[cms, browser] = await Promise.all([startCmsServer(), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await cms?.close()
})

async function logIn(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto(`${cms.baseUrl}/admin/login`)
  await page.locator('#field-email').fill(email)
  await page.locator('#field-password').fill(DEMO_PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
  return page
}

describe('cms admin in Chromium', () => {
  it('lets the super-admin see every school', async () => {
    const page = await logIn(SUPER_ADMIN_EMAIL)
    await page.goto(`${cms.baseUrl}/admin/collections/tenants`)
    await expect.poll(() => page.locator('table').textContent()).toContain('Northwind Academy')
    expect(await page.locator('table').textContent()).toContain('École Lumière')
    await screenshot(page, 'cms-admin-super-admin-tenants')
  })

  it("shows a school admin only their own school's courses", async () => {
    const page = await logIn('admin@northwind.example')
    await page.goto(`${cms.baseUrl}/admin/collections/courses`)
    await expect
      .poll(() => page.locator('table').innerText())
      .toContain('Writing Clear Technical Documentation')
    expect(await page.locator('body').innerText()).not.toContain('Les bases de la photographie numérique')
    await screenshot(page, 'cms-admin-school-admin-courses')
  })

  it("answers another school's course with the not-found view", async () => {
    const lumiere = await fetch(
      `${cms.baseUrl}/api/courses?where[slug][equals]=les-bases-de-la-photographie-numerique&depth=0`,
      { headers: { authorization: `JWT ${await tokenOf(SUPER_ADMIN_EMAIL)}` } },
    ).then((r) => r.json() as Promise<{ docs: Array<{ id: string }> }>)
    const id = lumiere.docs[0]?.id
    expect(id).toEqual(expect.any(String))
    const page = await logIn('admin@northwind.example')
    // The banner Payload shows; the rest of the page (such as the nav drawer) may differ between visits.
    const banner = async (docId: string) => {
      await page.goto(`${cms.baseUrl}/admin/collections/courses/${docId}`)
      const message = page.getByText(/could not be found/)
      await expect.poll(() => message.count()).toBeGreaterThan(0)
      return (await message.first().innerText()).replace(docId, '<id>')
    }
    const foreign = await banner(String(id))
    expect(await page.locator('body').innerText()).not.toContain('Les bases de la photographie')
    await screenshot(page, 'cms-admin-foreign-course')
    expect(await banner(randomUUID())).toBe(foreign)
  })

  it('keeps learners out of the admin panel', async () => {
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${cms.baseUrl}/admin/login`)
    await page.locator('#field-email').fill('learner@northwind.example')
    await page.locator('#field-password').fill(DEMO_PASSWORD)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/admin/unauthorized')
    expect(await page.locator('body').innerText()).toContain(
      'this user does not have access to the admin panel',
    )
    await screenshot(page, 'cms-admin-learner-refused')
  })
})

async function tokenOf(email: string): Promise<string> {
  const res = await fetch(`${cms.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  })
  const body = (await res.json()) as { token?: string }
  if (!body.token) throw new Error(`login failed for ${email}`)
  return body.token
}
