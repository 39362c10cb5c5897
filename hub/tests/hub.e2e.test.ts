import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { type FakeCms, startFakeCms } from './support/fake-cms.ts'
import { freePort, type RunningHub, runHubUntilExit, startHub } from './support/hub-server.ts'

const PLATFORM_KEY = 'test-platform-key'
/** What the local gateway adds to every request (see `startHub`). */
const GATEWAY_HEADERS = { 'x-forwarded-proto': 'http' }

let cms: FakeCms
let hub: RunningHub
let browser: Browser
/** Console errors of every page the tests open (CSP violations among them), bar HTTP statuses. */
const pageErrors: string[] = []

beforeAll(async () => {
  cms = await startFakeCms()
  ;[hub, browser] = await Promise.all([
    startHub({
      LYCEUM_CMS_URL: cms.url,
      LYCEUM_PLATFORM_KEY: PLATFORM_KEY,
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
      // A test domain with no provider keys: the sandbox has to be asked for.
      LYCEUM_BILLING_SANDBOX: 'on',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
    }),
    launchChromium(),
  ])
  cms.setHubUrl(hub.url)
})

afterAll(async () => {
  await browser?.close()
  await hub?.stop()
  await cms?.close()
})

/** A browser context as a visitor behind the gateway, in `language` (their Accept-Language). */
async function visitor(
  language: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...options,
    extraHTTPHeaders: { ...GATEWAY_HEADERS, 'accept-language': language, ...options.extraHTTPHeaders },
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    // Chromium logs every 4xx/5xx document as "Failed to load resource": those are the tests' own.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(`${page.url()}: ${message.text()}`)
    }
  })
  return { context, page }
}

/** Text with French no-break spaces as plain spaces, and runs of whitespace collapsed. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim()

function showHubLogOnFailure() {
  onTestFailed(() => {
    console.log(`hub output:\n${hub.output()}`)
  })
}

describe('hub in Chromium', () => {
  it('shows the landing page in French to a French browser, and stays French once hydrated', async () => {
    showHubLogOnFailure()
    // navigator.languages stays en-US: only Accept-Language says French, as the server sees it.
    const { context, page } = await visitor('fr-FR,fr;q=0.9')
    const response = await page.goto(hub.url)
    expect(response?.status()).toBe(200)
    await page.waitForLoadState('networkidle')
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Votre école, sur sa propre plateforme d’apprentissage')
    expect(plain(await page.locator('main').textContent())).toContain(
      'Chaque école dispose de son propre LMS sur votre-ecole.lyceum.example',
    )
    expect(plain(await page.title())).toBe('Lyceum : la plateforme d’apprentissage de votre école')
    await screenshot(page, 'hub-landing-fr')

    // Client-side navigation (JavaScript on) renders the next page in French too.
    await page.evaluate(() => {
      ;(window as unknown as { stayed: boolean }).stayed = true
    })
    await page.getByRole('link', { name: 'Voir les offres et les tarifs' }).first().click()
    await page.waitForURL(`${hub.url}/pricing`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Offres et tarifs')
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    await context.close()
  })

  it('has landmarks, a skip link and visible focus', async () => {
    const { context, page } = await visitor('en')
    await page.goto(hub.url)
    for (const role of ['banner', 'main', 'contentinfo'] as const) {
      await expect.poll(() => page.getByRole(role).count()).toBe(1)
    }
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(1)
    expect(await page.getByRole('group', { name: 'Language' }).count()).toBe(1)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true)
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle)
    expect(outline).not.toBe('none')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main')
    await context.close()
  })

  it('switches language with the switcher without JavaScript, and remembers the choice', async () => {
    const { context, page } = await visitor('fr', { javaScriptEnabled: false })
    await page.goto(`${hub.url}/pricing`)
    expect(await page.locator('h1').textContent()).toBe('Offres et tarifs')

    await page.getByRole('button', { name: 'English' }).click()
    await page.waitForURL(`${hub.url}/pricing`)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('h1').textContent()).toBe('Plans and pricing')
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true')
    await screenshot(page, 'hub-switched-to-english-no-js')

    const cookie = (await context.cookies()).find((c) => c.name === 'lyceum_locale')
    expect(cookie).toMatchObject({ value: 'en', httpOnly: true, sameSite: 'Lax', path: '/' })
    // The cookie outranks Accept-Language (still French) on later visits.
    await page.goto(hub.url)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')

    await page.getByRole('button', { name: 'Français' }).click()
    await page.waitForURL(`${hub.url}/`)
    expect(await page.locator('h1').textContent()).toBe(
      'Votre école, sur sa propre plateforme d’apprentissage',
    )
    await context.close()
  })

  it('switches language with JavaScript on as well', async () => {
    const { context, page } = await visitor('fr')
    await page.goto(hub.url)
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Your school, on a learning platform of its own')
    expect(new URL(page.url()).pathname).toBe('/')
    await context.close()
  })

  it('lists the active plans from the cms, formatted for each locale', async () => {
    showHubLogOnFailure()
    cms.requests.length = 0
    const english = await visitor('en-GB')
    await english.page.goto(`${hub.url}/pricing`)
    const cards = english.page.locator('[data-plan]')
    expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-plan')))).toEqual([
      'starter',
      'growth',
      'scale',
      'campus',
    ])
    const card = async (page: Page, code: string) =>
      plain(await page.locator(`[data-plan="${code}"]`).textContent())
    expect(await card(english.page, 'starter')).toBe(
      'Starter €29 /month per month 14-day free trial 50 members 2 GB of storage 5 courses Start with Starter',
    )
    expect(await card(english.page, 'scale')).toBe(
      'Scale €199 /month per month 5,000 members 200 GB of storage 500 courses Start with Scale',
    )
    expect(await card(english.page, 'campus')).toBe(
      'Campus $990 /year per year 30-day free trial 1 member 500 MB of storage 1 course Start with Campus',
    )
    expect(await english.page.getByText('Legacy').count()).toBe(0)
    // Each plan leads to signup with the plan chosen (onboarding preselects it).
    expect(
      await english.page
        .locator('[data-plan="growth"] a', { hasText: 'Start with Growth' })
        .getAttribute('href'),
    ).toBe('/signup?plan=growth')
    await screenshot(english.page, 'hub-pricing-en')
    await english.context.close()

    const french = await visitor('fr')
    await french.page.goto(`${hub.url}/pricing`)
    expect(await card(french.page, 'starter')).toBe(
      'Starter 29 € /mois par mois Essai gratuit de 14 jours 50 membres 2 Go de stockage 5 cours Commencer avec Starter',
    )
    expect(await card(french.page, 'scale')).toBe(
      'Scale 199 € /mois par mois 5 000 membres 200 Go de stockage 500 cours Commencer avec Scale',
    )
    expect(await card(french.page, 'campus')).toBe(
      'Campus 990 $US /an par an Essai gratuit de 30 jours 1 membre 500 Mo de stockage 1 cours Commencer avec Campus',
    )
    // The exact characters French typography calls for: no-break space before €, narrow one in 5 000.
    expect(await french.page.locator('[data-plan="starter"] .amount').textContent()).toBe('29\u00a0€')
    await screenshot(french.page, 'hub-pricing-fr')
    await french.context.close()

    // What the hub asked the cms, and with which credential.
    const asked = cms.requests.filter((r) => r.url.startsWith('/api/plans?'))
    expect(asked.length).toBeGreaterThanOrEqual(2)
    const query = new URLSearchParams(asked[0]?.url.split('?')[1])
    expect(query.get('where[active][equals]')).toBe('true')
    expect(query.get('sort')).toBe('sortOrder,name')
    expect(asked.every((r) => r.authorization === `service-keys API-Key ${PLATFORM_KEY}`)).toBe(true)
  })

  it('answers unknown pages with a localized 404', async () => {
    const { context, page } = await visitor('fr')
    const response = await page.goto(`${hub.url}/nulle-part`)
    expect(response?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page introuvable')
    expect(await page.title()).toBe('Page introuvable | Lyceum')
    await screenshot(page, 'hub-404-fr')
    await context.close()
  })

  it('refuses a cross-origin form post with 403, from another site in a browser and from a script', async () => {
    // A page on another origin (the fake cms) whose form posts to the hub's language action.
    const { context, page } = await visitor('fr', { javaScriptEnabled: false })
    await page.goto(`${cms.url}/evil`)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${hub.url}/language`),
      page.getByRole('button', { name: 'Win a prize' }).click(),
    ])
    expect(response.status()).toBe(403)
    expect(await page.locator('body').textContent()).toContain(
      'Cross-site POST form submissions are forbidden',
    )
    expect((await context.cookies()).find((c) => c.name === 'lyceum_locale')).toBeUndefined()
    await context.close()

    const forged = await fetch(`${hub.url}/language`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
        ...GATEWAY_HEADERS,
      },
      body: 'locale=en&redirect=/',
      redirect: 'manual',
    })
    expect(forged.status).toBe(403)
    expect(forged.headers.get('set-cookie')).toBeNull()

    // The same post from the hub's own origin goes through (303 back, cookie set), and the
    // redirect stays on the site.
    const own = await fetch(`${hub.url}/language`, {
      method: 'POST',
      headers: {
        origin: hub.url,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        ...GATEWAY_HEADERS,
      },
      body: 'locale=fr&redirect=//evil.example/',
      redirect: 'manual',
    })
    expect(own.status).toBe(303)
    expect(own.headers.get('location')).toBe('/')
    expect(own.headers.get('set-cookie')).toMatch(/^lyceum_locale=fr; .*HttpOnly/i)

    // Without the gateway's X-Forwarded-Proto, adapter-node takes the request for https, so even
    // the hub's own http origin looks foreign (see the README's note on form posts).
    const direct = await fetch(`${hub.url}/language`, {
      method: 'POST',
      headers: { origin: hub.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'locale=fr',
      redirect: 'manual',
    })
    expect(direct.status).toBe(403)
  })

  it('sends the security headers, and pages break no CSP rule', async () => {
    const page = await fetch(hub.url, { headers: GATEWAY_HEADERS })
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('vary')).toContain('Accept-Language')
    // Over plain HTTP (as the gateway says), no HSTS.
    expect(page.headers.get('strict-transport-security')).toBeNull()

    const health = await fetch(`${hub.url}/healthz`, { headers: GATEWAY_HEADERS })
    expect(health.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(health.headers.get('x-content-type-options')).toBe('nosniff')

    expect(pageErrors).toEqual([])
  })

  it('reports its health and the cms’s', async () => {
    const response = await fetch(`${hub.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', cms: 'ok' })
  })
})

describe('hub with the cms down', () => {
  let downHub: RunningHub

  beforeAll(async () => {
    // Nothing listens on this port: every cms call fails to connect.
    downHub = await startHub({ LYCEUM_CMS_URL: `http://127.0.0.1:${await freePort()}` })
  })
  afterAll(async () => {
    await downHub?.stop()
  })

  it('shows a localized 503 page on /pricing, and nothing of the error', async () => {
    for (const [language, title] of [
      ['fr', 'Momentanément indisponible'],
      ['en', 'Temporarily unavailable'],
    ] as const) {
      const { context, page } = await visitor(language)
      const response = await page.goto(`${downHub.url}/pricing`)
      expect(response?.status()).toBe(503)
      expect(await page.locator('h1').textContent()).toBe(title)
      const html = await page.content()
      for (const leak of ['ECONNREFUSED', 'fetch failed', 'at async', '/api/plans'])
        expect(html).not.toContain(leak)
      await screenshot(page, `hub-pricing-cms-down-${language}`)
      await context.close()
    }
    // The landing page does not need the cms.
    expect((await fetch(downHub.url)).status).toBe(200)
    // The log says what happened.
    expect(downHub.output()).toContain('[hub] pricing: the cms did not answer (network, GET /api/plans)')
  })

  it('reports the cms unreachable on /healthz with 503', async () => {
    const response = await fetch(`${downHub.url}/healthz`)
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ status: 'unavailable', cms: 'unreachable' })
  })
})

describe('hub start-up', () => {
  it('refuses to start with a bad environment, naming the variable', async () => {
    const badUrl = await runHubUntilExit({ LYCEUM_CMS_URL: 'not-a-url' })
    expect(badUrl.code).not.toBe(0)
    expect(badUrl.output).toContain('LYCEUM_CMS_URL: must be an http:// or https:// URL')
    expect(badUrl.output).not.toContain('Listening on')

    const noKey = await runHubUntilExit({ NODE_ENV: 'production' })
    expect(noKey.code).not.toBe(0)
    expect(noKey.output).toContain('LYCEUM_PLATFORM_KEY: is required in production')
  })
})
