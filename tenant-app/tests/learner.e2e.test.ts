/**
 * The learner journey on a school's own host, in real Chromium against the real cms (production
 * builds, fresh database, demo seed): sign-in (and the same refusal for a wrong password, an
 * unknown email and a member of another school), the session cookie's attributes, enrolling,
 * the lesson player, marking lessons complete (with and without JavaScript), progress, resume,
 * "my learning", password reset, and the isolation between two schools' hosts.
 * Needs `pnpm build` here and the cms build.
 */
import { createRequire } from 'node:module'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTenantApp, type TenantApp } from './support/instance.ts'
import { startWorld, type World } from './support/world.ts'

const PASSWORD = 'lyceum-demo-2026'
const NORTHWIND_COURSE = 'writing-clear-technical-documentation'
const LUMIERE_COURSE = 'les-bases-de-la-photographie-numerique'

let world: World
let browser: Browser
let northwind: TenantApp
let lumiere: TenantApp
/** Browser-facing origins: each school on its own host name (cookies are per host, not per port). */
let nw: string
let lu: string
const contexts: BrowserContext[] = []

type LessonRef = { slug: string; title: string }
let nwLessons: LessonRef[]
let luLessons: LessonRef[]

async function lessonsOf(tenantId: string, courseSlug: string): Promise<LessonRef[]> {
  const { docs } = await world.platform.find('courses', {
    where: { and: [{ tenant: { equals: tenantId } }, { slug: { equals: courseSlug } }] },
    limit: 1,
  })
  const course = docs[0]
  if (!course) throw new Error(`no course ${courseSlug}`)
  const sections = await world.platform.find('sections', {
    where: { course: { equals: course.id } },
    sort: ['order', 'createdAt'],
    limit: 0,
  })
  const lessons = await world.platform.find('lessons', {
    where: { course: { equals: course.id } },
    sort: ['order', 'createdAt'],
    limit: 0,
  })
  return sections.docs.flatMap((s) =>
    lessons.docs.filter((l) => l.section === s.id).map((l) => ({ slug: l.slug, title: l.title })),
  )
}

const portOf = (app: TenantApp) => new URL(app.baseUrl).port

beforeAll(async () => {
  world = await startWorld()
  const start = (slug: string, key: string, port?: string) =>
    startTenantApp({
      LYCEUM_TENANT_SLUG: slug,
      LYCEUM_CMS_URL: world.cms.baseUrl,
      LYCEUM_TENANT_API_KEY: key,
      ...(port ? { LYCEUM_PUBLIC_URL: `http://${slug}.localhost:${port}` } : {}),
    })
  northwind = await start('northwind', world.northwind.key)
  lumiere = await start('lumiere', world.lumiere.key)
  nw = `http://northwind.localhost:${portOf(northwind)}`
  lu = `http://lumiere.localhost:${portOf(lumiere)}`
  nwLessons = await lessonsOf(world.northwind.id, NORTHWIND_COURSE)
  luLessons = await lessonsOf(world.lumiere.id, LUMIERE_COURSE)
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  for (const app of [northwind, lumiere]) await app?.close()
  await world?.close()
})

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options)
  contexts.push(context)
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 404/.test(message.text())) {
      throw new Error(`console.error in the page: ${message.text()}`)
    }
  })
  return page
}

async function signIn(page: Page, origin: string, email: string, password = PASSWORD, next?: string) {
  await page.goto(`${origin}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`)
  await page.getByLabel(/^(Email|E-mail)$/).fill(email)
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(password)
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click()
}

describe('signing in on the school’s host', () => {
  it('gives the same answer for a wrong password, an unknown email and a member of another school', async () => {
    const answers: string[] = []
    for (const [email, password] of [
      ['learner@northwind.example', 'not-the-password'],
      ['nobody-here@northwind.example', PASSWORD],
      ['learner@lumiere.example', PASSWORD], // a real account, of the other school
    ] as const) {
      const page = await newPage()
      await signIn(page, nw, email, password)
      // (Next's route announcer is a role=alert too: the form's own alert is the one with text.)
      const alert = page.getByRole('alert').filter({ hasText: /\S/ })
      await alert.waitFor({ timeout: 15_000 })
      answers.push((await alert.textContent()) ?? '')
      expect(page.url()).toContain('/login')
      expect(await page.getByLabel('Email').inputValue()).toBe(email)
      const cookies = await page.context().cookies()
      expect(cookies.find((c) => c.name === 'lyceum_session')).toBeUndefined()
    }
    expect(answers).toEqual([
      'Wrong email or password.',
      'Wrong email or password.',
      'Wrong email or password.',
    ])
  })

  it('shows field errors for an empty form, without a round trip to the cms', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await page.goto(`${nw}/login`)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect
      .poll(() => page.locator('#email-error').textContent(), { timeout: 15_000 })
      .toBe('Enter this field.')
    expect(await page.locator('#password-error').textContent()).toBe('Enter this field.')
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true')
  })

  it('keeps the session in a host-only, HttpOnly, SameSite=Lax cookie and signs out with a POST', async () => {
    const page = await newPage()
    await signIn(page, nw, 'learner@northwind.example', PASSWORD, `/courses/${NORTHWIND_COURSE}`)
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}`, { timeout: 15_000 })
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lyceum_session')
    expect(cookie).toMatchObject({
      domain: 'northwind.localhost', // no leading dot: host-only (no Domain attribute)
      httpOnly: true,
      sameSite: 'Lax',
      secure: false, // localhost; Secure everywhere else
      path: '/',
    })
    expect(await page.getByRole('link', { name: 'My learning' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).waitFor({ timeout: 15_000 })
    expect((await page.context().cookies()).find((c) => c.name === 'lyceum_session')).toBeUndefined()
    // The token itself is dead at the cms too.
    expect(await world.platform.withAuth({ token: cookie?.value ?? 'x' }).me()).toBeNull()
  })

  it('ignores a `next` that leads off the site', async () => {
    const page = await newPage()
    await signIn(page, nw, 'instructor@northwind.example', PASSWORD, '//evil.example/')
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
  })
})

describe('the learner journey', () => {
  it('enrolls, plays lessons, marks them complete, and resumes where it left off', async () => {
    expect(nwLessons.length).toBeGreaterThanOrEqual(3)
    const [first, second] = nwLessons as [LessonRef, LessonRef, ...LessonRef[]]
    const page = await newPage()
    await signIn(page, nw, 'learner@northwind.example', PASSWORD, `/courses/${NORTHWIND_COURSE}`)
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}`, { timeout: 15_000 })

    // Not enrolled yet: the lesson is a 404.
    const before = await page.goto(`${nw}/courses/${NORTHWIND_COURSE}/lessons/${first.slug}`)
    expect(before?.status()).toBe(404)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found')

    await page.goto(`${nw}/courses/${NORTHWIND_COURSE}`)
    await page.getByRole('button', { name: 'Enroll in this course' }).click()
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}/lessons/${first.slug}`, { timeout: 15_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(first.title)
    // Rich text rendered on the server: the seed's lessons have headings and paragraphs.
    expect(await page.locator('.prose h2').count()).toBeGreaterThan(0)
    expect(await page.locator('.prose p').count()).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: /^Next lesson/ }).getAttribute('href')).toBe(
      `/courses/${NORTHWIND_COURSE}/lessons/${second.slug}`,
    )
    expect(await page.getByRole('link', { name: /^Previous lesson/ }).count()).toBe(0)
    await screenshot(page, 'tenant-northwind-lesson')

    await page.getByRole('button', { name: 'Mark as complete' }).click()
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}/lessons/${second.slug}`, { timeout: 15_000 })
    const total = nwLessons.length
    const percent = Math.floor(100 / total)
    expect(await page.locator('.progress-text').textContent()).toBe(
      `${percent}% complete · 1 of ${total} lessons`,
    )
    const bar = page.getByRole('progressbar', { name: 'Course progress' })
    expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).toBe(percent)

    // "My learning" offers to resume at the lesson opened last.
    await page.getByRole('link', { name: 'My learning' }).click()
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
    const resume = page.getByRole('link', { name: `Resume: ${second.title}` })
    expect(await resume.getAttribute('href')).toBe(`/courses/${NORTHWIND_COURSE}/lessons/${second.slug}`)
    await screenshot(page, 'tenant-northwind-my-learning')

    // The course page shows the progress and continues at the same place.
    await page.goto(`${nw}/courses/${NORTHWIND_COURSE}`)
    expect(await page.getByRole('link', { name: `Continue: ${second.title}` }).count()).toBe(1)
  })

  it('marks lessons complete without JavaScript, to the end of the course', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await signIn(page, nw, 'admin@northwind.example', PASSWORD, `/courses/${NORTHWIND_COURSE}`)
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}`, { timeout: 15_000 })
    await page.getByRole('button', { name: 'Enroll in this course' }).click()
    for (const [i, lesson] of nwLessons.entries()) {
      await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}/lessons/${lesson.slug}`, { timeout: 15_000 })
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(lesson.title)
      expect(await page.locator('.progress-text').textContent()).toContain(
        `${i} of ${nwLessons.length} lessons`,
      )
      await page.getByRole('button', { name: 'Mark as complete' }).click()
    }
    await page.waitForURL(`${nw}/courses/${NORTHWIND_COURSE}?completed=1`, { timeout: 15_000 })
    expect(await page.getByText('You completed this course.').count()).toBe(1)
    expect(await page.locator('.progress-text').textContent()).toBe(
      `100% complete · ${nwLessons.length} of ${nwLessons.length} lessons`,
    )
  })

  it('is keyboard-usable: sign in with Tab and Enter', async () => {
    const page = await newPage()
    await page.goto(`${nw}/login`)
    await page.getByLabel('Email').focus()
    await page.keyboard.type('instructor@northwind.example')
    await page.keyboard.press('Tab')
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
    expect(await page.getByText('You are not enrolled in any course yet.').count()).toBe(1)
  })

  it('sends visitors of private pages to sign in, or to the 404', async () => {
    const page = await newPage()
    await page.goto(`${nw}/my-learning`)
    expect(page.url()).toBe(`${nw}/login?next=%2Fmy-learning`)
    for (const path of [
      `/courses/${NORTHWIND_COURSE}/lessons/${nwLessons[0]?.slug}`,
      `/courses/${NORTHWIND_COURSE}/lessons/no-such-lesson`,
      `/courses/${NORTHWIND_COURSE}/lessons/Not_A_Slug`,
      `/courses/no-such-course/lessons/${nwLessons[0]?.slug}`,
    ]) {
      const response = await page.goto(`${nw}${path}`)
      expect(response?.status(), path).toBe(404)
      expect(await page.getByRole('heading', { level: 1 }).textContent(), path).toBe('Page not found')
    }
  })
})

describe('quizzes and the certificate', () => {
  /** A small published Northwind course: two lessons, then a two-question quiz (pass at 100 %). */
  async function quizCourse() {
    const { platform, northwind: school } = world
    const slug = `quiz-course-${Date.now()}`
    const course = await platform.create('courses', {
      tenant: school.id,
      title: 'Checklists in Practice',
      slug,
      summary: 'Two lessons and a quiz.',
      published: true,
    })
    const section = await platform.create('sections', {
      tenant: school.id,
      course: course.id,
      title: 'Basics',
      order: 0,
    })
    const lessons = ['Why checklists', 'Writing one']
    for (const [order, title] of lessons.entries()) {
      await platform.create('lessons', {
        tenant: school.id,
        section: section.id,
        title,
        slug: `lesson-${order + 1}`,
        durationSeconds: 120,
        order,
      })
    }
    const quiz = await platform.create('quizzes', {
      tenant: school.id,
      section: section.id,
      title: 'Checklist check',
      passingScore: 100,
      questions: [
        {
          prompt: 'A checklist is for…',
          kind: 'single',
          options: [
            { text: 'steps people skip', correct: true },
            { text: 'decoration', correct: false },
          ],
          explanation: 'Checklists catch the steps experts skip.',
        },
        {
          prompt: 'A good item is…',
          kind: 'multiple',
          options: [
            { text: 'short', correct: true },
            { text: 'checkable', correct: true },
            { text: 'vague', correct: false },
          ],
        },
      ],
    })
    return { slug, quizId: quiz.id, title: 'Checklists in Practice' }
  }

  it('completes the lessons and the quiz without JavaScript; the certificate verifies publicly', async () => {
    const course = await quizCourse()
    const page = await newPage({ javaScriptEnabled: false })
    await signIn(page, nw, 'learner@northwind.example', PASSWORD, `/courses/${course.slug}`)
    await page.waitForURL(`${nw}/courses/${course.slug}`, { timeout: 15_000 })
    await page.getByRole('button', { name: 'Enroll in this course' }).click()
    for (const lesson of ['lesson-1', 'lesson-2']) {
      await page.waitForURL(`${nw}/courses/${course.slug}/lessons/${lesson}`, { timeout: 15_000 })
      await page.getByRole('button', { name: 'Mark as complete' }).click()
    }
    // After the section's last lesson: its quiz.
    const quizUrl = `${nw}/courses/${course.slug}/quizzes/${course.quizId}`
    await page.waitForURL(quizUrl, { timeout: 15_000 })
    expect(await page.getByRole('group', { name: /A checklist is for/ }).count()).toBe(1)
    // The page never tells the browser which options are right.
    expect(await page.content()).not.toMatch(/correct/i)

    // A first attempt, half wrong: feedback, not passed.
    await page.getByLabel('steps people skip').check()
    await page.getByLabel('short').check()
    await page.getByRole('button', { name: 'Submit my answers' }).click()
    await page.waitForURL(new RegExp(`${quizUrl}\\?attempt=`), { timeout: 15_000 })
    const feedback = page.locator('#feedback')
    expect(await feedback.textContent()).toBe(
      '50%: not passed yet (you need 100%). Check the feedback and try again.',
    )
    expect(await page.getByText('Checklists catch the steps experts skip.').count()).toBe(1)
    await screenshot(page, 'tenant-northwind-quiz-feedback')

    // A second attempt, all right: passed, and the certificate is issued.
    await page.getByLabel('steps people skip').check()
    await page.getByLabel('short').check()
    await page.getByLabel('checkable').check()
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.waitForURL(new RegExp(`${quizUrl}\\?attempt=`), { timeout: 15_000 })
    expect(await page.locator('#feedback').textContent()).toBe('Passed with 100%.')
    expect(await page.getByText('2 attempts, best score 100% (passed).').count()).toBe(1)

    await page.goto(`${nw}/courses/${course.slug}`)
    const link = page.getByRole('link', { name: 'View your certificate' })
    const href = (await link.getAttribute('href')) ?? ''
    expect(href).toMatch(/^\/certificates\/LYC-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)

    // Public: a visitor (no session) sees who, which course and when.
    const visitor = await newPage({ javaScriptEnabled: false })
    const verified = await visitor.goto(`${nw}${href}`)
    expect(verified?.status()).toBe(200)
    const { docs } = await world.platform.find('users', {
      where: { email: { equals: 'learner@northwind.example' } },
    })
    const learnerName = docs[0]?.name || 'learner@northwind.example'
    expect(await visitor.locator('dd').allTextContents()).toEqual([
      learnerName,
      course.title,
      new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date()),
      href.slice('/certificates/'.length),
    ])
    expect(await visitor.getByText('Verified by Northwind Academy').count()).toBe(1)
    await screenshot(visitor, 'tenant-northwind-certificate')

    // The PDF, in the school's colours (pdfkit).
    const pdf = await fetch(`${northwind.baseUrl}${href}/pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await pdf.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(1000)

    // Another school's host, and made-up codes: the school's 404.
    expect((await visitor.goto(`${lu}${href}`))?.status()).toBe(404)
    expect((await fetch(`${lumiere.baseUrl}${href}/pdf`)).status).toBe(404)
    expect((await visitor.goto(`${nw}/certificates/LYC-0000-0000-0000-0000`))?.status()).toBe(404)
    expect((await visitor.goto(`${nw}/certificates/not-a-code`))?.status()).toBe(404)
  })

  it('a quiz is a 404 for members not enrolled in its course', async () => {
    const course = await quizCourse()
    const page = await newPage()
    await signIn(page, nw, 'instructor@northwind.example', PASSWORD)
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
    expect((await page.goto(`${nw}/courses/${course.slug}/quizzes/${course.quizId}`))?.status()).toBe(404)
    expect(
      (
        await page.goto(`${nw}/courses/${course.slug}/quizzes/00000000-0000-4000-8000-000000000000`)
      )?.status(),
    ).toBe(404)
  })
})

describe('two schools, two hosts', () => {
  it('a learner signed in to Northwind is not signed in at Lumière and gets 404 for its private URLs', async () => {
    const page = await newPage()
    await signIn(page, nw, 'learner@northwind.example', PASSWORD)
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
    const lesson = `/courses/${LUMIERE_COURSE}/lessons/${luLessons[0]?.slug}`

    await page.goto(`${lu}/`)
    expect(await page.getByRole('link', { name: 'Se connecter' }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Mes formations' }).count()).toBe(0)
    expect((await page.goto(`${lu}${lesson}`))?.status()).toBe(404)
    await page.goto(`${lu}/my-learning`)
    expect(page.url()).toContain(`${lu}/login`)

    // Even Northwind's session cookie, replayed on Lumière's host, signs no one in there.
    const cookie = (await page.context().cookies()).find((c) => c.name === 'lyceum_session')
    expect(cookie).toBeDefined()
    await page.context().addCookies([{ name: 'lyceum_session', value: cookie?.value ?? '', url: lu }])
    expect((await page.goto(`${lu}${lesson}`))?.status()).toBe(404)
    await page.goto(`${lu}/`)
    expect(await page.getByRole('link', { name: 'Se connecter' }).count()).toBe(1)
    await screenshot(page, 'tenant-lumiere-foreign-session')
  })

  it('Lumière’s learner signs in on Lumière’s host, in French', async () => {
    const page = await newPage()
    await signIn(page, lu, 'learner@lumiere.example', PASSWORD, `/courses/${LUMIERE_COURSE}`)
    await page.waitForURL(`${lu}/courses/${LUMIERE_COURSE}`, { timeout: 15_000 })
    await page.getByRole('button', { name: 'S’inscrire à cette formation' }).click()
    await page.waitForURL(`${lu}/courses/${LUMIERE_COURSE}/lessons/${luLessons[0]?.slug}`, {
      timeout: 15_000,
    })
    expect(await page.getByRole('button', { name: 'Marquer comme terminée' }).count()).toBe(1)
  })
})

describe('self-signup', () => {
  it('is a 404 while the school does not allow it; allowed, it creates a learner who is signed in', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    // The instance trusts its last read of the school for 5 s: wait for each change to show.
    const signupStatus = () => fetch(`${northwind.baseUrl}/signup`).then((r) => r.status)
    await world.platform.update('tenants', world.northwind.id, { allowSelfSignup: false })
    await expect.poll(signupStatus, { timeout: 20_000, interval: 500 }).toBe(404)
    const closed = await page.goto(`${nw}/signup`)
    expect(closed?.status()).toBe(404)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found')
    await world.platform.update('tenants', world.northwind.id, { allowSelfSignup: true })
    await expect.poll(signupStatus, { timeout: 20_000, interval: 500 }).toBe(200)
    await page.goto(`${nw}/signup`)
    await page.getByRole('button', { name: 'Create my account' }).click()
    await expect
      .poll(() => page.locator('#name-error').textContent(), { timeout: 15_000 })
      .toBe('Enter this field.')

    const email = `new-learner-${Date.now()}@example.com`
    await page.getByLabel('Your name').fill('Ada Newcomer')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('a-long-password-2026')
    await page.getByRole('button', { name: 'Create my account' }).click()
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
    expect(await page.getByRole('link', { name: 'My learning' }).count()).toBe(1)
    const { docs } = await world.platform.find('users', { where: { email: { equals: email } }, depth: 0 })
    expect(docs[0]?.memberships).toEqual([
      expect.objectContaining({ tenant: world.northwind.id, role: 'learner' }),
    ])

    // An email that has an account (of another school, here) gets "sign in instead", no second account.
    const other = await newPage({ javaScriptEnabled: false })
    await other.goto(`${nw}/signup`)
    await other.getByLabel('Your name').fill('Someone')
    await other.getByLabel('Email').fill('learner@lumiere.example')
    await other.getByLabel('Password').fill('a-long-password-2026')
    await other.getByRole('button', { name: 'Create my account' }).click()
    await other
      .getByText('An account already exists for this email.', { exact: false })
      .waitFor({ timeout: 15_000 })
  })
})

describe('password reset', () => {
  /** The reset token the cms stored for `email` (the cms mails it; here it is read from the database). */
  async function resetTokenOf(email: string): Promise<string | null> {
    const requireFromTesting = createRequire(import.meta.resolve('@lyceum/testing/db'))
    // pg is a dependency of @lyceum/testing, not of the tenant-app: loaded from there.
    const { Client } = requireFromTesting('pg') as {
      Client: new (options: {
        connectionString: string
      }) => {
        connect(): Promise<void>
        query(sql: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
        end(): Promise<void>
      }
    }
    const client = new Client({ connectionString: world.cms.databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query('SELECT reset_password_token FROM users WHERE email = $1', [email])
      return (rows[0]?.reset_password_token as string | null) ?? null
    } finally {
      await client.end()
    }
  }

  it('answers the same for known and unknown emails, and a valid link sets a new password', async () => {
    const texts: string[] = []
    for (const email of ['instructor@northwind.example', 'nobody@nowhere.example']) {
      const page = await newPage({ javaScriptEnabled: false })
      await page.goto(`${nw}/forgot-password`)
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send the link' }).click()
      const status = page.getByRole('status')
      await status.waitFor({ timeout: 15_000 })
      texts.push(((await status.textContent()) ?? '').replace(email, '<email>'))
    }
    expect(texts[0]).toBe(texts[1])
    expect(texts[0]).toContain('If an account exists for <email>')

    const token = await resetTokenOf('instructor@northwind.example')
    expect(token).toBeTruthy()
    const page = await newPage()
    await page.goto(`${nw}/reset-password?token=wrong-token`)
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-2026')
    await page.getByLabel('Repeat the new password').fill('a-new-password-2026')
    await page.getByRole('button', { name: 'Save the password' }).click()
    await page.getByText('This link has expired or was already used.').waitFor({ timeout: 15_000 })

    await page.goto(`${nw}/reset-password?token=${token}`)
    await page.getByLabel('New password', { exact: true }).fill('short')
    await page.getByLabel('Repeat the new password').fill('different')
    await page.getByRole('button', { name: 'Save the password' }).click()
    await expect
      .poll(() => page.locator('#password-error').textContent(), { timeout: 15_000 })
      .toBe('Use at least 10 characters.')
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-2026')
    await page.getByLabel('Repeat the new password').fill('a-new-password-2026')
    await page.getByRole('button', { name: 'Save the password' }).click()
    await page.waitForURL(`${nw}/login?reset=1`, { timeout: 15_000 })
    await signIn(page, nw, 'instructor@northwind.example', 'a-new-password-2026')
    await page.waitForURL(`${nw}/my-learning`, { timeout: 15_000 })
  })
})
