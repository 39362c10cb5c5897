/**
 * Authoring (`/teach`) on a school's own host, against the real cms (production builds, fresh
 * database, demo seed): who may open it (instructors and admins of THIS school; everyone else
 * gets the school's 404, another school's ids too), and in Chromium without JavaScript, an
 * instructor creating a course with two lessons (Markdown body stored as Lexical) and a quiz,
 * publishing it, and the course appearing in the public catalog.
 * Needs `pnpm build` here and the cms build.
 */
import { createCmsClient } from '@lyceum/cms-client'
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
let nw: string
const contexts: BrowserContext[] = []

const portOf = (app: TenantApp) => new URL(app.baseUrl).port

/** A session token from the cms, as the sign-in page would keep it in the cookie. */
async function tokenOf(email: string): Promise<string> {
  const { token } = await createCmsClient({ baseUrl: world.cms.baseUrl }).login(email, PASSWORD)
  return token
}

/** `GET path` on an instance with the session cookie (or none); the status and the body. */
async function get(app: TenantApp, path: string, token?: string) {
  const response = await fetch(`${app.baseUrl}${path}`, {
    headers: token ? { cookie: `lyceum_session=${token}` } : {},
    redirect: 'manual',
  })
  return { status: response.status, body: await response.text() }
}

beforeAll(async () => {
  world = await startWorld()
  const start = (slug: string, key: string) =>
    startTenantApp({
      LYCEUM_TENANT_SLUG: slug,
      LYCEUM_CMS_URL: world.cms.baseUrl,
      LYCEUM_TENANT_API_KEY: key,
    })
  northwind = await start('northwind', world.northwind.key)
  lumiere = await start('lumiere', world.lumiere.key)
  nw = `http://northwind.localhost:${portOf(northwind)}`
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  for (const app of [northwind, lumiere]) await app?.close()
  await world?.close()
})

async function idsOf(tenantId: string, courseSlug: string) {
  const { docs } = await world.platform.find('courses', {
    where: { and: [{ tenant: { equals: tenantId } }, { slug: { equals: courseSlug } }] },
    limit: 1,
  })
  const course = docs[0]
  if (!course) throw new Error(`no course ${courseSlug}`)
  const lessons = await world.platform.find('lessons', { where: { course: { equals: course.id } }, limit: 1 })
  const quizzes = await world.platform.find('quizzes', { where: { course: { equals: course.id } }, limit: 1 })
  return {
    courseId: course.id,
    title: course.title,
    lessonId: lessons.docs[0]?.id ?? '',
    quizId: quizzes.docs[0]?.id ?? '',
  }
}

/** A quiz in the course's first section (the demo seed has none), as the super-admin. */
async function addQuizTo(tenantId: string, courseId: string): Promise<string> {
  const { docs } = await world.platform.find('sections', {
    where: { course: { equals: courseId } },
    limit: 1,
  })
  const quiz = await world.platform.create('quizzes', {
    tenant: tenantId,
    section: docs[0]?.id ?? '',
    title: 'Seeded check',
    passingScore: 50,
    questions: [
      {
        prompt: 'Yes?',
        kind: 'single',
        options: [
          { text: 'Yes', correct: true },
          { text: 'No', correct: false },
        ],
      },
    ],
  })
  return quiz.id
}

describe('who may open /teach', () => {
  it('lets an instructor and an admin of the school in', async () => {
    const { title } = await idsOf(world.northwind.id, NORTHWIND_COURSE)
    for (const email of ['instructor@northwind.example', 'admin@northwind.example']) {
      const page = await get(northwind, '/teach', await tokenOf(email))
      expect(page.status, email).toBe(200)
      expect(page.body).toContain(title)
    }
    const course = await get(
      northwind,
      `/teach/courses/${NORTHWIND_COURSE}`,
      await tokenOf('instructor@northwind.example'),
    )
    expect(course.status).toBe(200)
  })

  it('answers the school’s 404 to visitors, learners and another school’s instructor', async () => {
    const { title } = await idsOf(world.northwind.id, NORTHWIND_COURSE)
    const learner = await tokenOf('learner@northwind.example')
    const foreign = await tokenOf('instructor@lumiere.example')
    for (const [who, token] of [
      ['visitor', undefined],
      ['learner', learner],
      ['lumiere instructor', foreign],
    ] as const) {
      for (const path of [
        '/teach',
        `/teach/courses/${NORTHWIND_COURSE}`,
        `/teach/courses/${NORTHWIND_COURSE}/learners`,
      ]) {
        const page = await get(northwind, path, token)
        expect(page.status, `${who} ${path}`).toBe(404)
        expect(page.body).toContain('404')
        expect(page.body).not.toContain(title)
      }
    }
  })

  it('answers 404 for another school’s course, lesson and quiz ids, like missing ones', async () => {
    const northwindIds = await idsOf(world.northwind.id, NORTHWIND_COURSE)
    northwindIds.quizId ||= await addQuizTo(world.northwind.id, northwindIds.courseId)
    const lumiereInstructor = await tokenOf('instructor@lumiere.example')
    // Lumière's own course opens for its instructor…
    expect((await get(lumiere, `/teach/courses/${LUMIERE_COURSE}`, lumiereInstructor)).status).toBe(200)
    // …but Northwind's ids, put under it or named directly, look missing.
    for (const path of [
      `/teach/courses/${NORTHWIND_COURSE}`,
      `/teach/courses/${LUMIERE_COURSE}/lessons/${northwindIds.lessonId}`,
      `/teach/courses/${LUMIERE_COURSE}/quizzes/${northwindIds.quizId}`,
      `/teach/courses/${LUMIERE_COURSE}/lessons/00000000-0000-4000-8000-000000000000`,
      `/teach/courses/no-such-course`,
    ]) {
      const page = await get(lumiere, path, lumiereInstructor)
      expect(page.status, path).toBe(404)
    }
    // The member's own session at the cms refuses the write too (the cms decides, not the page).
    const asLumiere = createCmsClient({ baseUrl: world.cms.baseUrl, auth: { token: lumiereInstructor } })
    await expect(
      asLumiere.update('lessons', northwindIds.lessonId, { title: 'Hijacked' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})

async function newPage(javaScriptEnabled = false): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled })
  contexts.push(context)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 404/.test(message.text())) errors.push(message.text())
  })
  consoleErrors.set(page, errors)
  return page
}
const consoleErrors = new WeakMap<Page, string[]>()

/** Clicks a submit button and waits for the page the POST answers with. */
async function submit(page: Page, button: ReturnType<Page['getByRole']>) {
  await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), button.click()])
}

describe('an instructor authors a course in Chromium', () => {
  it('creates a course with two lessons and a quiz, publishes it, and it is in the catalog', async () => {
    const page = await newPage()
    await page.goto(`${nw}/login?next=%2Fteach`)
    await page.getByLabel('Email').fill('instructor@northwind.example')
    await page.getByLabel('Password').fill(PASSWORD)
    await submit(page, page.getByRole('button', { name: 'Sign in' }))
    expect(new URL(page.url()).pathname).toBe('/teach')

    // A field error in place, the summary kept.
    await page.getByLabel('Summary').fill('Notes from the field.')
    await submit(page, page.getByRole('button', { name: 'Create course' }))
    expect(await page.locator('#new-course-title-error').textContent()).toBe('Enter this field.')
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('Summary').inputValue()).toBe('Notes from the field.')

    await page.getByLabel('Title').fill('Field Notes: Écrire 101')
    await submit(page, page.getByRole('button', { name: 'Create course' }))
    expect(new URL(page.url()).pathname).toBe('/teach/courses/field-notes-ecrire-101')
    expect(await page.getByText('Draft').first().isVisible()).toBe(true)

    await page.locator('#new-section-title').fill('Getting started')
    await submit(page, page.getByRole('button', { name: 'Add section' }))
    const section = page.locator('li.teach-section').first()
    await section.getByLabel('Lesson title').fill('Why notes matter')
    await submit(page, section.getByRole('button', { name: 'Add lesson' }))
    expect(new URL(page.url()).pathname).toMatch(/^\/teach\/courses\/field-notes-ecrire-101\/lessons\/[^/]+$/)

    // The lesson editor: a bad video address is refused in place; then saved, body round-trips.
    const body =
      '## Why\n\nNotes are **short** and *kind*.\n\n- one\n- two\n\nSee [the guide](https://example.com/guide).'
    await page.getByLabel('Duration (minutes)').fill('12')
    await page.getByLabel('Video address (https://…)').fill('http://insecure.example/v')
    await page.getByLabel('Body').fill(body)
    await submit(page, page.getByRole('button', { name: 'Save' }))
    expect(await page.locator('#lesson-videoUrl-error').textContent()).toBe('Enter a full https:// address.')
    expect(await page.getByLabel('Body').inputValue()).toBe(body)
    await page.getByLabel('Video address (https://…)').fill('')
    await submit(page, page.getByRole('button', { name: 'Save' }))
    expect(await page.getByRole('status').textContent()).toBe('Saved.')
    expect(await page.getByLabel('Body').inputValue()).toBe(body)
    expect(await page.locator('.teach-preview strong').textContent()).toBe('short')

    await page.getByRole('link', { name: /Back to the course/ }).click()
    await page.waitForURL(/\/teach\/courses\/field-notes-ecrire-101$/)
    await section.getByLabel('Lesson title').fill('Keeping a notebook')
    await submit(page, section.getByRole('button', { name: 'Add lesson' }))
    await page.getByLabel('Duration (minutes)').fill('8')
    await page.getByLabel('Body').fill('Write every day.')
    await submit(page, page.getByRole('button', { name: 'Save' }))
    await page.getByRole('link', { name: /Back to the course/ }).click()
    await page.waitForURL(/\/teach\/courses\/field-notes-ecrire-101$/)

    // Reorder: the second lesson moves up.
    const lessons = section.locator('ol.teach-lessons > li')
    expect(await lessons.locator('a').allTextContents()).toEqual(['Why notes matter', 'Keeping a notebook'])
    await submit(page, lessons.nth(1).getByRole('button', { name: 'Move up' }))
    expect(await section.locator('ol.teach-lessons > li a').allTextContents()).toEqual([
      'Keeping a notebook',
      'Why notes matter',
    ])

    // A quiz with one single-choice question; a question without a correct option is refused.
    await section.getByLabel('Quiz title').fill('Check-in')
    await section.getByLabel('Passing score (%)').fill('50')
    await submit(page, section.getByRole('button', { name: 'Add quiz' }))
    expect(new URL(page.url()).pathname).toMatch(/\/quizzes\/[^/]+$/)
    const form = page.locator('form').filter({ has: page.locator('#new-q-prompt') })
    await form.getByLabel('Question').fill('When do you write notes?')
    await form.getByLabel('Option 1', { exact: true }).fill('Every day')
    await form.getByLabel('Option 2', { exact: true }).fill('Never')
    await submit(page, form.getByRole('button', { name: 'Save question' }))
    expect(await page.locator('#new-q-options-error').textContent()).toBe(
      'Mark exactly one option as correct.',
    )
    expect(await page.locator('#new-q-option1').inputValue()).toBe('Every day')
    await page.locator('#new-q-correct1').check()
    await submit(page, page.getByRole('button', { name: 'Save question' }).last())
    expect(await page.getByRole('status').textContent()).toBe('Saved.')
    expect(await page.locator('.teach-questions legend').allTextContents()).toEqual([
      'When do you write notes?',
    ])

    // Publish; the public catalog now lists it, and its course page opens for visitors.
    await page.getByRole('link', { name: /Back to the course/ }).click()
    await page.waitForURL(/\/teach\/courses\/field-notes-ecrire-101#section-/)
    expect(await page.getByText('1 question').isVisible()).toBe(true)
    const before = await get(northwind, '/')
    expect(before.body).not.toContain('Field Notes: Écrire 101')
    await submit(page, page.getByRole('button', { name: 'Publish' }))
    expect(await page.getByRole('status').textContent()).toBe('Published: the course is in the catalog.')
    await screenshot(page, 'teach-course')
    const catalog = await get(northwind, '/')
    expect(catalog.body).toContain('Field Notes: Écrire 101')
    const coursePage = await get(northwind, '/courses/field-notes-ecrire-101')
    expect(coursePage.status).toBe(200)
    expect(coursePage.body).toContain('Keeping a notebook')

    // What the cms stores: the body as Lexical, minutes as seconds, the order, the quiz.
    const ids = await idsOf(world.northwind.id, 'field-notes-ecrire-101')
    const stored = await world.platform.find('lessons', {
      where: { course: { equals: ids.courseId } },
      sort: ['order'],
      limit: 0,
    })
    expect(stored.docs.map((l) => [l.title, l.durationSeconds])).toEqual([
      ['Keeping a notebook', 480],
      ['Why notes matter', 720],
    ])
    const content = stored.docs[1]?.content as
      | { root: { children: Array<{ type: string; tag?: string }> } }
      | undefined
    expect(content).toBeDefined()
    const root = content?.root ?? { children: [] }
    expect(root.children.map((c) => c.type)).toEqual(['heading', 'paragraph', 'list', 'paragraph'])
    const quiz = await world.platform.findByID('quizzes', ids.quizId)
    expect(quiz?.passingScore).toBe(50)
    expect(quiz?.questions?.[0]?.options.map((o) => o.correct)).toEqual([true, false])

    // Unpublish: gone from the catalog again.
    await submit(page, page.getByRole('button', { name: 'Unpublish' }))
    expect((await get(northwind, '/courses/field-notes-ecrire-101')).status).toBe(404)
  })

  it('shows the course’s learners with their progress and quiz results', async () => {
    const ids = await idsOf(world.northwind.id, 'field-notes-ecrire-101')
    await world.platform.update('courses', ids.courseId, { published: true })
    const instructor = await tokenOf('instructor@northwind.example')
    const path = '/teach/courses/field-notes-ecrire-101/learners'
    expect((await get(northwind, path, instructor)).body).toContain('No one is enrolled yet.')

    // A learner enrolls, completes the first of two lessons and passes the quiz.
    const page = await newPage()
    await page.goto(`${nw}/login?next=%2Fcourses%2Ffield-notes-ecrire-101`)
    await page.getByLabel('Email').fill('learner@northwind.example')
    await page.getByLabel('Password').fill(PASSWORD)
    await submit(page, page.getByRole('button', { name: 'Sign in' }))
    await submit(page, page.getByRole('button', { name: 'Enroll in this course' }))
    await submit(page, page.getByRole('button', { name: 'Mark as complete' }))
    await page.goto(`${nw}/courses/field-notes-ecrire-101/quizzes/${ids.quizId}`)
    await page.getByLabel('Every day').check()
    await submit(page, page.getByRole('button', { name: 'Submit my answers' }))

    const learners = await get(northwind, path, instructor)
    expect(learners.status).toBe(200)
    expect(learners.body).toContain('Lena Learner')
    expect(learners.body).toContain('50%')
    expect(learners.body).toContain('100% (passed)')
    // A learner may not see who else is enrolled.
    expect((await get(northwind, path, await tokenOf('learner@northwind.example'))).status).toBe(404)
  })

  it('renames, reorders and deletes sections, and edits and deletes a question', async () => {
    const page = await newPage()
    await page.goto(`${nw}/login?next=%2Fteach%2Fcourses%2Ffield-notes-ecrire-101`)
    await page.getByLabel('Email').fill('instructor@northwind.example')
    await page.getByLabel('Password').fill(PASSWORD)
    await submit(page, page.getByRole('button', { name: 'Sign in' }))
    const titles = () => page.locator('li.teach-section > h3').allTextContents()

    await page.locator('#new-section-title').fill('Wrap-up')
    await submit(page, page.getByRole('button', { name: 'Add section' }))
    expect(await titles()).toEqual(['Getting started', 'Wrap-up'])
    const second = page.locator('li.teach-section').nth(1)
    await submit(page, second.getByRole('button', { name: 'Move up' }))
    expect(await titles()).toEqual(['Wrap-up', 'Getting started'])
    const first = page.locator('li.teach-section').first()
    await first.getByLabel('Section title').fill('')
    await submit(page, first.getByRole('button', { name: 'Rename' }))
    expect(await page.locator('.field-error').first().textContent()).toBe('Enter this field.')
    await page.locator('li.teach-section').first().getByLabel('Section title').fill('Warm-up')
    await submit(page, page.locator('li.teach-section').first().getByRole('button', { name: 'Rename' }))
    expect(await titles()).toEqual(['Warm-up', 'Getting started'])
    await submit(
      page,
      page.locator('li.teach-section').first().getByRole('button', { name: 'Delete', exact: true }),
    )
    expect(await titles()).toEqual(['Getting started'])

    // The question: edited in place (now several answers), then deleted.
    await page.getByRole('link', { name: 'Check-in' }).click()
    await page.waitForURL(/\/quizzes\//)
    const question = page.locator('.teach-questions > li').first()
    await question.getByLabel('Question', { exact: true }).fill('When do you write?')
    await question.getByLabel('Answers').selectOption('multiple')
    await question.getByLabel('Correct (Option 2)').check()
    await submit(page, question.getByRole('button', { name: 'Save question' }))
    expect(await page.locator('.teach-questions legend').allTextContents()).toEqual(['When do you write?'])
    const { quizId } = await idsOf(world.northwind.id, 'field-notes-ecrire-101')
    const stored = await world.platform.findByID('quizzes', quizId)
    expect(stored?.questions?.map((q) => [q.prompt, q.kind, q.options.map((o) => o.correct)])).toEqual([
      ['When do you write?', 'multiple', [true, true]],
    ])
    await submit(page, page.getByRole('button', { name: 'Delete question' }))
    expect(await page.getByText('No questions yet.').isVisible()).toBe(true)
  })

  it('works the same with JavaScript (field errors, then the new course’s editor), without console errors', async () => {
    const page = await newPage(true)
    await page.goto(`${nw}/login?next=%2Fteach`)
    await page.getByLabel('Email').fill('admin@northwind.example')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/teach$/, { timeout: 30_000 })
    await page.getByRole('button', { name: 'Create course' }).click()
    await expect
      .poll(() => page.locator('#new-course-title-error').textContent(), { timeout: 30_000 })
      .toBe('Enter this field.')
    await page.getByLabel('Title').fill('Field Notes: Écrire 101')
    await page.getByRole('button', { name: 'Create course' }).click()
    // The slug is taken by the first course: the new one gets the next free one.
    await page.waitForURL(/\/teach\/courses\/field-notes-ecrire-101-2$/, { timeout: 30_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Field Notes: Écrire 101')
    expect(consoleErrors.get(page)).toEqual([])
  })
})
