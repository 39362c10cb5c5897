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
import { writeJourneyTimings } from '../src/timings.ts'

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
    const stopped = await platform.stop()
    expect(stopped, `npm start should stop cleanly on Ctrl-C:\n${platform.output().slice(-2000)}`).toEqual({
      clean: true,
      allExited: true,
    })
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
    const paidToLiveSeconds = (Date.now() - paidAt) / 1000
    console.log(`journey: paid → school live and shown in ${paidToLiveSeconds.toFixed(1)} s`)
    // bench/start prints it (the journey is too long to run inside the benchmark).
    writeJourneyTimings({
      paidToLiveSeconds,
      platformReadySeconds: platform.readySeconds,
      measuredAt: new Date().toISOString(),
    })
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

describe('the school teaches a learner', () => {
  const course = { title: `Prendre des notes ${run}`, slug: '', quizId: '' }
  const lessons = ['Pourquoi prendre des notes', 'Tenir un carnet']
  const quiz = { prompt: 'Quand prendre des notes ?', right: 'Chaque jour', wrong: 'Jamais' }
  const learner = {
    name: 'Léa Apprenante',
    email: `learner-${run}@journey.example`,
    password: 'un carnet par jour',
  }
  const teachUrl = () => `${platform.schoolUrl(slug)}/teach/courses/${course.slug}`

  it('6. the admin creates a course with two lessons and a quiz, publishes it, and invites a learner', async () => {
    const school = platform.schoolUrl(slug)
    await page.getByRole('link', { name: 'Enseigner', exact: true }).click()
    await page.waitForURL(`${school}/teach`, { timeout: 60_000 })
    await page.getByLabel('Titre', { exact: true }).fill(course.title)
    await page.getByLabel('Résumé', { exact: true }).fill('Deux leçons et un quiz.')
    await page.getByRole('button', { name: 'Créer le cours', exact: true }).click()
    await page.waitForURL(/\/teach\/courses\/[a-z0-9-]+$/, { timeout: 60_000 })
    course.slug = new URL(page.url()).pathname.split('/').pop() ?? ''
    expect(course.slug).toBe(`prendre-des-notes-${run}`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(course.title)

    await page.locator('#new-section-title').fill('Les bases')
    await page.getByRole('button', { name: 'Ajouter la partie', exact: true }).click()
    await page.waitForURL(/\?saved=section/, { timeout: 60_000 })
    const section = page.locator('li.teach-section').first()
    for (const [i, title] of lessons.entries()) {
      await section.getByLabel('Titre de la leçon', { exact: true }).fill(title)
      await section.getByRole('button', { name: 'Ajouter la leçon', exact: true }).click()
      await page.waitForURL(/\/lessons\/[^/?#]+$/, { timeout: 60_000 })
      await page.getByLabel('Durée (minutes)', { exact: true }).fill(String(5 + i))
      await page.getByLabel('Contenu', { exact: true }).fill(`## ${title}\n\nUne leçon **courte**.`)
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
      await page.waitForURL(/\/lessons\/[^/?#]+\?saved=1$/, { timeout: 60_000 })
      expect(await page.locator('.teach-preview strong').textContent()).toBe('courte')
      if (i === 0) await snap(page, 'teach-lesson')
      await page.getByRole('link', { name: /Retour au cours/ }).click()
      await page.waitForURL(teachUrl(), { timeout: 60_000 })
    }
    expect(await section.locator('ol.teach-lessons > li a').allTextContents()).toEqual(lessons)

    await section.getByLabel('Titre du quiz', { exact: true }).fill('Le point')
    await section.getByLabel('Score de réussite (%)', { exact: true }).fill('100')
    await section.getByRole('button', { name: 'Ajouter un quiz', exact: true }).click()
    await page.waitForURL(/\/quizzes\/[^/?#]+$/, { timeout: 60_000 })
    course.quizId = new URL(page.url()).pathname.split('/').pop() ?? ''
    await page.locator('#new-q-prompt').fill(quiz.prompt)
    await page.locator('#new-q-option1').fill(quiz.right)
    await page.locator('#new-q-option2').fill(quiz.wrong)
    await page.locator('#new-q-correct1').check()
    await page.getByRole('button', { name: 'Enregistrer la question', exact: true }).click()
    await page.waitForURL(/\?saved=question$/, { timeout: 60_000 })
    expect(await page.locator('.teach-questions legend').allTextContents()).toEqual([quiz.prompt])
    await snap(page, 'teach-quiz')

    await page.goto(teachUrl())
    expect(await section.locator('.outline-quiz').allTextContents()).toEqual(['Le point — 1 question'])
    await page.getByRole('button', { name: 'Publier', exact: true }).click()
    await page.waitForURL(/\?saved=published$/, { timeout: 60_000 })
    expect(await page.getByRole('status').textContent()).toMatch(/^Publié\s?: le cours est au catalogue\.$/)
    await snap(page, 'teach-published')

    await page.getByRole('link', { name: 'Membres', exact: true }).click()
    await page.waitForURL(`${school}/admin/members`, { timeout: 60_000 })
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(learner.email)
    await page.getByRole('button', { name: /^Envoyer l.invitation$/ }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `Invitation envoyée à ${learner.email}.` })
      .waitFor({ timeout: 60_000 })
    await snap(page, 'members-invited')
  }, 300_000)

  it('7. the learner accepts the invitation, completes the course and the quiz, and the certificate verifies', async () => {
    const school = platform.schoolUrl(slug)
    const mail = await waitForMessage(platform.mailUrl, {
      to: learner.email,
      subjectIncludes: `rejoindre École ${run}`,
      timeoutMs: 30_000,
    })
    const link = new RegExp(`${school}/invitations/[A-Za-z0-9_-]+`).exec(mail.text)?.[0]
    expect(link, mail.text).toBeDefined()

    const context = await browser.newContext({ locale: 'fr-FR' })
    const learnerPage = await context.newPage()
    expect((await learnerPage.goto(link ?? ''))?.status()).toBe(200)
    await learnerPage.getByRole('heading', { name: `Rejoindre École ${run}` }).waitFor()
    await learnerPage.getByLabel('Votre nom', { exact: true }).fill(learner.name)
    await learnerPage.locator('#new-password').fill(learner.password)
    await snap(learnerPage, 'invitation')
    await learnerPage.getByRole('button', { name: 'Créer mon compte et rejoindre', exact: true }).click()
    await learnerPage.waitForURL(`${school}/`, { timeout: 60_000 })
    await learnerPage.getByRole('link', { name: 'Mes formations', exact: true }).waitFor()

    // Published a moment ago: the course page answers once the instance sees it.
    const courseUrl = `${school}/courses/${course.slug}`
    await expect
      .poll(async () => (await learnerPage.goto(courseUrl))?.status(), { timeout: 60_000, interval: 1_000 })
      .toBe(200)
    await learnerPage.getByRole('button', { name: 'S’inscrire à cette formation', exact: true }).click()
    for (const title of lessons) {
      await expect.poll(() => learnerPage.getByRole('heading', { level: 1 }).textContent(), SLOW).toBe(title)
      if (title === lessons[0]) await snap(learnerPage, 'learner-lesson')
      await learnerPage.getByRole('button', { name: 'Marquer comme terminée', exact: true }).click()
    }
    // After the section's last lesson: its quiz.
    const quizUrl = `${courseUrl}/quizzes/${course.quizId}`
    await learnerPage.waitForURL(quizUrl, { timeout: 60_000 })
    await learnerPage.getByLabel(quiz.right, { exact: true }).check()
    await learnerPage.getByRole('button', { name: 'Envoyer mes réponses', exact: true }).click()
    await learnerPage.waitForURL(new RegExp(`${quizUrl}\\?attempt=`), { timeout: 60_000 })
    expect(await learnerPage.locator('#feedback').textContent()).toMatch(/^Réussi avec 100\s?%\.$/)
    await snap(learnerPage, 'learner-quiz-passed')

    await learnerPage.goto(courseUrl)
    expect(await learnerPage.getByText('Vous avez terminé cette formation.').count()).toBe(1)
    const href =
      (await learnerPage
        .getByRole('link', { name: 'Voir votre certificat', exact: true })
        .getAttribute('href')) ?? ''
    expect(href).toMatch(/^\/certificates\/LYC-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    await context.close()

    // Public: a fresh, signed-out browser verifies it on the school's host.
    const issuedOn = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date())
    const visitorContext = await browser.newContext({ locale: 'fr-FR' })
    const visitor = await visitorContext.newPage()
    expect((await visitor.goto(`${school}${href}`))?.status()).toBe(200)
    expect(await visitor.getByText(`Vérifié par École ${run}`, { exact: true }).count()).toBe(1)
    expect(await visitor.locator('dd').allTextContents()).toEqual([
      learner.name,
      course.title,
      issuedOn,
      href.slice('/certificates/'.length),
    ])
    expect((await visitorContext.cookies()).find((c) => c.name === 'lyceum_session')).toBeUndefined()
    await snap(visitor, 'certificate-verified')
    // A made-up code is the school's 404.
    expect((await visitor.goto(`${school}/certificates/LYC-0000-0000-0000-0000`))?.status()).toBe(404)
    await visitorContext.close()
  }, 300_000)
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
