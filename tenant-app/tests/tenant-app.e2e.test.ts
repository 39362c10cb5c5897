/**
 * The tenant-app's production build against the real cms (production build, fresh database,
 * demo seed), one instance per school as in production, driven over HTTP and in Chromium.
 * Needs `pnpm build` here and the cms build (turbo's test:e2e depends on both).
 */
import type { CmsClient } from '@lyceum/cms-client'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import { freePort } from '@lyceum/testing/cms'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDuration } from '../src/lib/duration.ts'
import { spawnInstance, startTenantApp, type TenantApp } from './support/instance.ts'
import { addExtras, type Extras, mintTenantKey, revokeKey, startWorld, type World } from './support/world.ts'

const NORTHWIND_COURSE = 'writing-clear-technical-documentation'
const LUMIERE_COURSE = 'les-bases-de-la-photographie-numerique'

let world: World
let extras: Extras
let browser: Browser
let northwind: TenantApp
let lumiere: TenantApp
const extraApps: TenantApp[] = []

beforeAll(async () => {
  world = await startWorld()
  extras = await addExtras(world)
  // One after the other, so the cold-start figures are not two instances sharing two cores.
  northwind = await startTenantApp({
    LYCEUM_TENANT_SLUG: 'northwind',
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: world.northwind.key,
  })
  lumiere = await startTenantApp({
    LYCEUM_TENANT_SLUG: 'lumiere',
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: world.lumiere.key,
  })
  console.log(
    `tenant-app cold start to first 200 (/healthz): northwind ${Math.round(northwind.coldStartMs)} ms, ` +
      `lumiere ${Math.round(lumiere.coldStartMs)} ms; RSS just after: ` +
      `${northwind.rssMiB().toFixed(1)} MiB, ${lumiere.rssMiB().toFixed(1)} MiB`,
  )
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  for (const app of [northwind, lumiere, ...extraApps]) await app?.close()
  await world?.close()
})

/** The outline of a school's course as the cms holds it: sections and lessons in order. */
async function outlineOf(platform: CmsClient, tenantId: string, slug: string) {
  const { docs } = await platform.find('courses', {
    where: { and: [{ tenant: { equals: tenantId } }, { slug: { equals: slug } }] },
    limit: 1,
  })
  const course = docs[0]
  if (!course) throw new Error(`no course ${slug}`)
  const sections = await platform.find('sections', {
    where: { course: { equals: course.id } },
    sort: 'order',
    limit: 0,
  })
  const lessons = await platform.find('lessons', {
    where: { course: { equals: course.id } },
    sort: 'order',
    limit: 0,
  })
  const ordered = sections.docs.flatMap((section) =>
    lessons.docs.filter((lesson) => lesson.section === section.id),
  )
  return {
    title: course.title,
    sections: sections.docs.map((s) => s.title),
    lessons: ordered.map((l) => ({ title: l.title, durationSeconds: l.durationSeconds })),
    totalSeconds: ordered.reduce((n, l) => n + l.durationSeconds, 0),
  }
}

/** A page that records every URL the browser requests. */
async function openPage(context?: BrowserContext): Promise<{ page: Page; requests: string[] }> {
  const page = await (context ?? (await browser.newContext())).newPage()
  const requests: string[] = []
  page.on('request', (request) => {
    requests.push(request.url())
  })
  return { page, requests }
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((t) => t.trim())
}

describe('runtime and health', () => {
  it('answers /healthz 200 for each school, uncached', async () => {
    for (const [app, slug] of [
      [northwind, 'northwind'],
      [lumiere, 'lumiere'],
    ] as const) {
      const res = await fetch(`${app.baseUrl}/healthz`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.json()).toEqual({ status: 'ok', cms: 'ok', credential: 'ok', tenant: slug })
    }
  })

  it('answers 503 (health and pages) with a revoked key, and for another school’s key', async () => {
    const revoked = await mintTenantKey(world.platform, world.northwind.id, 'revoked (e2e)')
    await revokeKey(world.platform, revoked.keyId)
    const cases = [
      { name: 'revoked', key: revoked.key },
      { name: 'lumiere-key-for-northwind', key: world.lumiere.key },
      { name: 'made-up', key: 'not-a-real-key-0123456789' },
    ]
    for (const { name, key } of cases) {
      const app = await startTenantApp(
        { LYCEUM_TENANT_SLUG: 'northwind', LYCEUM_CMS_URL: world.cms.baseUrl, LYCEUM_TENANT_API_KEY: key },
        { expectHealthy: false },
      )
      extraApps.push(app)
      const health = await fetch(`${app.baseUrl}/healthz`)
      expect(health.status, name).toBe(503)
      expect(await health.json(), name).toEqual({
        status: 'error',
        cms: 'ok',
        credential: 'invalid',
        tenant: 'northwind',
      })
      for (const path of ['/', `/courses/${NORTHWIND_COURSE}`]) {
        const page = await fetch(`${app.baseUrl}${path}`)
        expect(page.status, `${name} ${path}`).toBe(503)
        expect(page.headers.get('retry-after')).toBe('30')
        const html = await page.text()
        expect(html).toContain('This page is temporarily unavailable')
        // Nothing of the school leaks through a key that cannot read it.
        expect(html).not.toContain('Writing Clear Technical Documentation')
      }
      const media = await fetch(`${app.baseUrl}/media/${extras.logoFilename}`)
      expect(media.status).toBe(503)
    }
  })

  it('answers 503 with cms "unreachable" when the cms does not answer', async () => {
    const app = await startTenantApp(
      {
        LYCEUM_TENANT_SLUG: 'northwind',
        LYCEUM_CMS_URL: `http://127.0.0.1:${await freePort()}`,
        LYCEUM_TENANT_API_KEY: world.northwind.key,
      },
      { expectHealthy: false },
    )
    extraApps.push(app)
    const health = await fetch(`${app.baseUrl}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({
      status: 'error',
      cms: 'unreachable',
      credential: 'unknown',
      tenant: 'northwind',
    })
    const { page } = await openPage()
    const res = await page.goto(app.baseUrl)
    expect(res?.status()).toBe(503)
    expect(await page.locator('h1').textContent()).toBe('This page is temporarily unavailable')
    expect(await page.locator('main').isVisible()).toBe(true)
    await screenshot(page, 'tenant-unavailable')
  })

  it('stops serving within seconds when its key is revoked, and keeps the school’s branding', async () => {
    const fresh = await mintTenantKey(world.platform, world.northwind.id, 'revoked while running (e2e)')
    const app = await startTenantApp({
      LYCEUM_TENANT_SLUG: 'northwind',
      LYCEUM_CMS_URL: world.cms.baseUrl,
      LYCEUM_TENANT_API_KEY: fresh.key,
    })
    extraApps.push(app)
    const before = await fetch(app.baseUrl)
    expect(before.status).toBe(200)
    expect(await before.text()).toContain(extras.styleGuide.title)
    await revokeKey(world.platform, fresh.keyId)
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503)
    // The school and the catalog are trusted for seconds (decision 085); once the proxy's probe
    // fails, it answers 503 and forgets the cached content, so the page cannot show it either.
    await expect.poll(async () => (await fetch(app.baseUrl)).status, { timeout: 20_000 }).toBe(503)
    const after = await (await fetch(app.baseUrl)).text()
    expect(after).toContain('This page is temporarily unavailable')
    expect(after).toContain('Northwind Academy') // the last known branding
    expect(after).not.toContain(extras.styleGuide.title) // the catalog it had cached
  })

  it('refuses to start with a bad env, naming the variable', async () => {
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      LYCEUM_TENANT_SLUG: 'northwind',
      LYCEUM_CMS_URL: world.cms.baseUrl,
      LYCEUM_TENANT_API_KEY: world.northwind.key,
      LYCEUM_PUBLIC_URL: 'http://northwind.localhost:8080',
    }
    const cases: Array<[variable: string, env: NodeJS.ProcessEnv]> = [
      ['LYCEUM_TENANT_API_KEY', { ...base, LYCEUM_TENANT_API_KEY: 'short' }],
      ['LYCEUM_CMS_URL', { ...base, LYCEUM_CMS_URL: undefined }],
      ['LYCEUM_TENANT_SLUG', { ...base, LYCEUM_TENANT_SLUG: 'not_dns_safe' }],
    ]
    for (const [variable, env] of cases) {
      const proc = spawnInstance({ ...env, PORT: String(await freePort()) })
      const code = await Promise.race([
        proc.exited,
        new Promise((r) => setTimeout(() => r('timeout'), 20_000)),
      ])
      expect(code, variable).toBe(1)
      expect(proc.stderr()).toContain(`  ${variable}: `)
      expect(proc.stderr()).toContain('The tenant-app did not start')
    }
  })
})

describe('Northwind (English) in Chromium', () => {
  it('lists its published courses in its colours, with lesson counts and lengths', async () => {
    const { page, requests } = await openPage()
    const res = await page.goto(northwind.baseUrl)
    expect(res?.status()).toBe(200)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.title()).toBe('Northwind Academy')
    expect(await page.locator('h1').textContent()).toBe('Courses')
    // Brand colour and a readable text colour on it.
    const header = page.locator('header').first()
    expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(29, 78, 216)')
    expect(await header.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)')
    expect(await header.textContent()).toContain('Northwind Academy')
    // The logo arrives through the school's origin.
    const logo = page.locator('header img')
    expect(await logo.getAttribute('src')).toBe(`/media/${extras.logoFilename}`)
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96)
    // Both published courses, sorted by title; never the draft.
    expect(await texts(page, 'main h2')).toEqual([
      'Style Guides That Stick',
      'Writing Clear Technical Documentation',
    ])
    expect(await page.content()).not.toContain(extras.draft.title)
    const outline = await outlineOf(world.platform, world.northwind.id, NORTHWIND_COURSE)
    const card = page.locator('article', { hasText: 'Writing Clear Technical Documentation' })
    expect(await card.locator('p').last().textContent()).toBe(
      `8 lessons · ${formatDuration(outline.totalSeconds, 'en')}`,
    )
    const styleCard = page.locator('article', { hasText: extras.styleGuide.title })
    expect(await styleCard.locator('p').last().textContent()).toBe('2 lessons · 14 min')
    expect(await styleCard.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320)
    expect(await page.locator('footer').textContent()).toBe('Powered by Lyceum')
    // The browser talked to the school's origin only: never to the cms.
    expect(requests.length).toBeGreaterThan(3)
    expect(requests.filter((url) => !url.startsWith(`${northwind.baseUrl}/`))).toEqual([])
    await screenshot(page, 'tenant-northwind-catalog')
  })

  it('searches course titles on the server', async () => {
    const { page } = await openPage()
    await page.goto(northwind.baseUrl)
    await page.getByLabel('Search courses').fill('documentation')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL((url) => url.searchParams.get('q') === 'documentation')
    expect(await texts(page, 'main h2')).toEqual(['Writing Clear Technical Documentation'])
    expect(await page.getByText('1 course matches “documentation”').count()).toBe(1)
    expect(await page.title()).toBe('Search: documentation · Northwind Academy')
    expect(await page.getByLabel('Search courses').inputValue()).toBe('documentation')
    await screenshot(page, 'tenant-northwind-search')

    await page.getByLabel('Search courses').fill('STYLE guide')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.searchParams.get('q') === 'STYLE guide')
    expect(await texts(page, 'main h2')).toEqual(['Style Guides That Stick'])

    await page.goto(`${northwind.baseUrl}/?q=${encodeURIComponent('quantum knitting')}`)
    expect(await page.locator('main h2').count()).toBe(0)
    expect(await page.locator('main').textContent()).toContain(
      'No course title contains “quantum knitting”. Check the spelling or try another word.',
    )
    // The draft is not found by its title either.
    await page.goto(`${northwind.baseUrl}/?q=${encodeURIComponent('Advanced API')}`)
    expect(await page.locator('main h2').count()).toBe(0)
    await screenshot(page, 'tenant-northwind-search-empty')
    await page.getByRole('link', { name: 'Clear search' }).click()
    await page.waitForURL(`${northwind.baseUrl}/`)
    expect(await page.locator('main h2').count()).toBe(2)
  })

  it('shows a course: sections and lessons in order, with lengths', async () => {
    const outline = await outlineOf(world.platform, world.northwind.id, NORTHWIND_COURSE)
    expect(outline.lessons).toHaveLength(8)
    const { page } = await openPage()
    await page.goto(northwind.baseUrl)
    await page.getByRole('link', { name: 'Writing Clear Technical Documentation' }).click()
    await page.waitForURL(`${northwind.baseUrl}/courses/${NORTHWIND_COURSE}`)
    // Next streams the metadata after the page: the title may change after the URL does.
    await expect
      .poll(() => page.title(), { timeout: 10_000 })
      .toBe('Writing Clear Technical Documentation · Northwind Academy')
    expect(await page.locator('h1').textContent()).toBe(outline.title)
    expect(await texts(page, 'main h3')).toEqual(outline.sections)
    const items = page.locator('main ol ol > li')
    expect(await items.count()).toBe(8)
    const rows = await items.evaluateAll((lis) =>
      lis.map((li) => ({
        title: li.querySelector('span')?.textContent ?? '',
        duration: li.querySelector('time')?.textContent ?? '',
        number: li.closest('ol')?.start ?? 0,
      })),
    )
    expect(rows.map((r) => r.title)).toEqual(outline.lessons.map((l) => l.title))
    expect(rows.map((r) => r.duration)).toEqual(
      outline.lessons.map((l) => formatDuration(l.durationSeconds, 'en', 'second')),
    )
    // One numbering across sections: 1–3, 4–6, 7–8.
    expect(rows.map((r) => r.number)).toEqual([1, 1, 1, 4, 4, 4, 7, 7])
    expect(await page.locator('main header p').last().textContent()).toBe(
      `8 lessons · ${formatDuration(outline.totalSeconds, 'en')} in total`,
    )
    // Headings go down one level at a time; landmarks are there.
    const levels = await page
      .locator('h1, h2, h3, h4')
      .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))))
    expect(levels[0]).toBe(1)
    for (let i = 1; i < levels.length; i++)
      expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1)
    expect(await page.getByRole('banner').count()).toBe(1)
    expect(await page.getByRole('main').count()).toBe(1)
    expect(await page.getByRole('contentinfo').count()).toBe(1)
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).count()).toBe(1)
    // Visitors are offered to sign in to enroll (tests/learner.e2e.test.ts covers the rest).
    expect(await page.getByRole('link', { name: 'Sign in to enroll' }).getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent(`/courses/${NORTHWIND_COURSE}`)}`,
    )
    await screenshot(page, 'tenant-northwind-course')
  })

  it('answers a course it cannot see with its own branded 404', async () => {
    const { page } = await openPage()
    const cases = [
      `/courses/${LUMIERE_COURSE}`, // another school's
      `/courses/${extras.draft.slug}`, // unpublished
      '/courses/no-such-course', // missing
      '/courses/Not_A_Slug', // cannot be a slug
      '/no/such/page', // no route
    ]
    for (const path of cases) {
      const res = await page.goto(`${northwind.baseUrl}${path}`)
      expect(res?.status(), path).toBe(404)
      expect(await page.locator('h1').textContent(), path).toBe('Page not found')
      expect(await page.title(), path).toBe('Page not found · Northwind Academy')
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      expect(await page.locator('header').first().textContent()).toContain('Northwind Academy')
      const html = await page.content()
      expect(html).not.toContain('Les bases de la photographie')
      expect(html).not.toContain(extras.draft.title)
    }
    await screenshot(page, 'tenant-northwind-404')
    // Only the proxy may tell a page it is a 404: the same header from a browser is dropped.
    const spoofed = await fetch(`${northwind.baseUrl}/courses/${NORTHWIND_COURSE}`, {
      headers: { 'x-lyceum-not-found': '1' },
    })
    expect(spoofed.status).toBe(200)
    expect(await spoofed.text()).toContain('<h1>Writing Clear Technical Documentation</h1>')
  })

  it('serves only public media, same-origin and safely', async () => {
    const logo = await fetch(`${northwind.baseUrl}/media/${extras.logoFilename}`)
    expect(logo.status).toBe(200)
    expect(logo.headers.get('content-type')).toBe('image/png')
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff')
    expect(logo.headers.get('content-security-policy')).toContain('sandbox')
    expect(new Uint8Array(await logo.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'))
    // The ETag comes from the media document: an unchanged file revalidates with a 304.
    const etag = logo.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await fetch(`${northwind.baseUrl}/media/${extras.logoFilename}`, {
      headers: { 'if-none-match': etag ?? '' },
    })
    expect(again.status).toBe(304)
    expect((await fetch(`${northwind.baseUrl}/media/${extras.coverFilename}`)).status).toBe(200)
    for (const name of [
      extras.privateFilename,
      extras.lumiereFilename,
      'missing.png',
      '..%2F..%2Fetc%2Fpasswd',
    ]) {
      expect((await fetch(`${northwind.baseUrl}/media/${name}`)).status, name).toBe(404)
    }
    // Lumière's own file is served by Lumière's instance only if a public page shows it: it does not.
    expect((await fetch(`${lumiere.baseUrl}/media/${extras.lumiereFilename}`)).status).toBe(404)
  })

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const { page } = await openPage(context)
    await page.goto(northwind.baseUrl)
    expect(await texts(page, 'main h2')).toHaveLength(2)
    await page.getByLabel('Search courses').fill('style')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL((url) => url.searchParams.get('q') === 'style')
    expect(await texts(page, 'main h2')).toEqual(['Style Guides That Stick'])
    await page.getByRole('link', { name: 'Style Guides That Stick' }).click()
    await page.waitForURL(`${northwind.baseUrl}/courses/${extras.styleGuide.slug}`)
    expect(await texts(page, 'main ol ol > li > span:first-child')).toEqual(
      extras.styleGuide.lessons.map((l) => l.title),
    )
    await screenshot(page, 'tenant-northwind-nojs-course')
    const res = await page.goto(`${northwind.baseUrl}/courses/${LUMIERE_COURSE}`)
    expect(res?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    await screenshot(page, 'tenant-northwind-nojs-404')
    await context.close()
  })

  it('is usable from the keyboard', async () => {
    const { page } = await openPage()
    await page.goto(northwind.baseUrl)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await skip.isVisible()).toBe(true)
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle)
    expect(outline).not.toBe('none')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
  })
})

describe('École Lumière (French) in Chromium', () => {
  it('speaks French, in its own colours', async () => {
    const { page, requests } = await openPage()
    await page.goto(lumiere.baseUrl)
    expect(await page.getAttribute('html', 'lang')).toBe('fr')
    expect(await page.title()).toBe('École Lumière')
    expect(await page.locator('h1').textContent()).toBe('Cours')
    expect(await page.getByLabel('Rechercher un cours').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Rechercher' }).count()).toBe(1)
    expect(await page.locator('footer').textContent()).toBe('Propulsé par Lyceum')
    expect(await page.getByRole('link', { name: 'Aller au contenu principal' }).count()).toBe(1)
    const header = page.locator('header').first()
    expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(180, 83, 9)')
    const outline = await outlineOf(world.platform, world.lumiere.id, LUMIERE_COURSE)
    expect(await texts(page, 'main h2')).toEqual([outline.title])
    expect(await page.locator('main article p').last().textContent()).toBe(
      `8 leçons · ${formatDuration(outline.totalSeconds, 'fr')}`,
    )
    // Northwind's course is not in Lumière's catalog.
    expect(await page.content()).not.toContain('Writing Clear Technical Documentation')
    expect(requests.filter((url) => !url.startsWith(`${lumiere.baseUrl}/`))).toEqual([])
    await screenshot(page, 'tenant-lumiere-catalog')

    await page.goto(`${lumiere.baseUrl}/?q=${encodeURIComponent('cuisine')}`)
    expect(await page.locator('main').textContent()).toContain(
      'Aucun titre de cours ne contient «\u00a0cuisine\u00a0». Vérifiez l’orthographe ou essayez un autre mot.',
    )
  })

  it('shows its course in French, and answers Northwind’s course with a French 404', async () => {
    const outline = await outlineOf(world.platform, world.lumiere.id, LUMIERE_COURSE)
    const { page } = await openPage()
    await page.goto(`${lumiere.baseUrl}/courses/${LUMIERE_COURSE}`)
    expect(await page.locator('h2').first().textContent()).toBe('Contenu du cours')
    expect(await texts(page, 'main ol ol > li > span:first-child')).toEqual(
      outline.lessons.map((l) => l.title),
    )
    expect(await texts(page, 'main ol ol > li time')).toEqual(
      outline.lessons.map((l) => formatDuration(l.durationSeconds, 'fr', 'second')),
    )
    expect(await page.locator('main header p').last().textContent()).toBe(
      `8 leçons · ${formatDuration(outline.totalSeconds, 'fr')} au total`,
    )
    expect(await page.getByRole('link', { name: 'Tous les cours', exact: true }).count()).toBe(1)
    await screenshot(page, 'tenant-lumiere-course')

    const res = await page.goto(`${lumiere.baseUrl}/courses/${NORTHWIND_COURSE}`)
    expect(res?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page introuvable')
    expect(await page.title()).toBe('Page introuvable · École Lumière')
    expect(await page.getByRole('link', { name: 'Voir tous les cours' }).count()).toBe(1)
    await screenshot(page, 'tenant-lumiere-404')
  })
})

describe('cost of an instance', () => {
  it('prints the idle memory of one instance after it served pages', async () => {
    await new Promise((r) => setTimeout(r, 2_000))
    const rss = northwind.rssMiB()
    console.log(`tenant-app idle RSS after serving the tests' pages: ${rss.toFixed(1)} MiB (northwind)`)
    expect(rss).toBeGreaterThan(0)
  })
})
