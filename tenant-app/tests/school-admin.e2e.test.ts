/**
 * Files and branding on a school's own host, in real Chromium against the real cms (production
 * builds, fresh database, demo seed): an instructor attaches a file to a lesson under /teach, an
 * enrolled learner lists and downloads it from the lesson player (members only: visitors and
 * other schools' files get 404); an upload past the plan's storage gets a field error and stores
 * nothing; the admin's settings page (name, colour with the contrast rule, logo; 404 for others).
 * Needs `pnpm build` here and the cms build.
 */
import { createCmsClient } from '@lyceum/cms-client'
import { launchChromium } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTenantApp, type TenantApp } from './support/instance.ts'
import { coverPng, png } from './support/png.ts'
import { startWorld, type World } from './support/world.ts'

const PASSWORD = 'lyceum-demo-2026'
const NORTHWIND_COURSE = 'writing-clear-technical-documentation'

let world: World
let browser: Browser
let northwind: TenantApp
let nw: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  world = await startWorld()
  northwind = await startTenantApp({
    LYCEUM_TENANT_SLUG: 'northwind',
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: world.northwind.key,
  })
  nw = `http://northwind.localhost:${new URL(northwind.baseUrl).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await northwind?.close()
  await world?.close()
})

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options)
  contexts.push(context)
  return context.newPage()
}

async function signIn(page: Page, email: string) {
  await page.goto(`${nw}/login`)
  await page.getByLabel(/^Email$/).fill(email)
  await page.getByLabel(/^Password$/).fill(PASSWORD)
  await page.getByRole('button', { name: /^Sign in$/ }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
}

async function tokenOf(email: string): Promise<string> {
  return (await createCmsClient({ baseUrl: world.cms.baseUrl }).login(email, PASSWORD)).token
}

/** `GET path` on the instance with the session cookie (or none). */
async function get(path: string, token?: string) {
  const response = await fetch(`${northwind.baseUrl}${path}`, {
    headers: token ? { cookie: `lyceum_session=${token}` } : {},
    redirect: 'manual',
  })
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  }
}

/** The demo course's first lesson (by section, then lesson order): id and slug. */
async function firstLesson() {
  const { docs: courses } = await world.platform.find('courses', {
    where: { and: [{ tenant: { equals: world.northwind.id } }, { slug: { equals: NORTHWIND_COURSE } }] },
    limit: 1,
  })
  const courseId = courses[0]?.id ?? ''
  const { docs: sections } = await world.platform.find('sections', {
    where: { course: { equals: courseId } },
    sort: ['order'],
    limit: 1,
  })
  const { docs } = await world.platform.find('lessons', {
    where: { section: { equals: sections[0]?.id ?? '' } },
    sort: ['order'],
    limit: 1,
    depth: 0,
  })
  const lesson = docs[0]
  if (!lesson) throw new Error('the demo course has no lesson')
  return { id: lesson.id, slug: lesson.slug, attachments: lesson.attachments ?? [] }
}

async function northwindMediaCount(): Promise<number> {
  return world.platform.count('media', { where: { tenant: { equals: world.northwind.id } } })
}

/** A square PNG of noise about `kb` kilobytes large (noise does not compress), the same every run. */
function noisePng(kb: number): Uint8Array {
  const side = Math.ceil(Math.sqrt((kb * 1024) / 4))
  let seed = 11
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff
    return seed & 0xff
  }
  return png(side, side, () => [next(), next(), next(), 255])
}

describe('lesson attachments', () => {
  it('an instructor attaches a file; an enrolled learner downloads it; visitors and other schools get 404', async () => {
    const lesson = await firstLesson()
    const editor = `${nw}/teach/courses/${NORTHWIND_COURSE}/lessons/${lesson.id}`
    const instructor = await newPage()
    await signIn(instructor, 'instructor@northwind.example')
    await instructor.goto(editor)
    await instructor.getByRole('heading', { name: 'Attachments' }).waitFor()
    await instructor.getByLabel('File to attach').setInputFiles({
      name: 'style-diagram.png',
      mimeType: 'image/png',
      buffer: Buffer.from(coverPng('#14532d')),
    })
    await instructor.getByRole('button', { name: 'Upload and attach' }).click()
    await instructor.getByText('The file was attached.').waitFor({ timeout: 20_000 })
    const stored = await firstLesson()
    expect(stored.attachments).toHaveLength(1)
    const media = await world.platform.findByID('media', String(stored.attachments[0]), { depth: 0 })
    const filename = media?.filename ?? ''
    expect(filename).toMatch(/^style-diagram.*\.png$/)

    // The learner enrolls, then sees the file with its size in the lesson player.
    const learner = await newPage({ javaScriptEnabled: false })
    await signIn(learner, 'learner@northwind.example')
    await learner.goto(`${nw}/courses/${NORTHWIND_COURSE}`)
    await learner.getByRole('button', { name: 'Enroll in this course' }).click()
    await learner.waitForURL(/\/lessons\//, { timeout: 15_000 })
    await learner.goto(`${nw}/courses/${NORTHWIND_COURSE}/lessons/${lesson.slug}`)
    const downloads = learner.getByRole('region', { name: 'Downloads' })
    const link = downloads.getByRole('link', { name: filename })
    expect(await link.getAttribute('href')).toBe(`/media/${encodeURIComponent(filename)}`)
    expect(await downloads.textContent()).toMatch(/\(\d+(\.\d)? kB\)/)

    const asLearner = await get(
      `/media/${encodeURIComponent(filename)}`,
      await tokenOf('learner@northwind.example'),
    )
    expect(asLearner.status).toBe(200)
    expect(asLearner.headers.get('content-disposition')).toContain('attachment')
    expect(asLearner.headers.get('cache-control')).toContain('private')
    expect(asLearner.body.equals(Buffer.from(coverPng('#14532d')))).toBe(true)
    // Not for visitors, nor for members of another school.
    expect((await get(`/media/${encodeURIComponent(filename)}`)).status).toBe(404)
    const lumiereLearner = await tokenOf('learner@lumiere.example')
    expect((await get(`/media/${encodeURIComponent(filename)}`, lumiereLearner)).status).toBe(404)
    // Another school's file on this host is a 404, even for this school's member.
    const foreign = await world.platform.upload(
      'media',
      { data: coverPng('#14532d'), filename: 'lumiere-private.png', mimeType: 'image/png' },
      { tenant: world.lumiere.id, alt: 'Lumière' },
    )
    const asMember = await get(
      `/media/${encodeURIComponent(foreign.filename ?? '')}`,
      await tokenOf('learner@northwind.example'),
    )
    expect(asMember.status).toBe(404)
  })

  it('an upload past the plan’s storage gets the field error, and nothing is stored', async () => {
    const lesson = await firstLesson()
    const tenant = await world.platform.findByID('tenants', world.northwind.id, { depth: 0 })
    const planId = String(tenant?.plan)
    const plan = await world.platform.findByID('plans', planId, { depth: 0 })
    if (!plan) throw new Error('northwind has no plan')
    const { docs } = await world.platform.find('media', {
      where: { tenant: { equals: world.northwind.id } },
      limit: 0,
      select: { filesize: true },
    })
    const used = docs.reduce((sum, doc) => sum + (doc.filesize ?? 0), 0)
    const big = noisePng(64)
    await world.platform.update('plans', planId, { limits: { ...plan.limits, storageBytes: used + 1000 } })
    try {
      const mediaBefore = await northwindMediaCount()
      const page = await newPage()
      await signIn(page, 'instructor@northwind.example')
      await page.goto(`${nw}/teach/courses/${NORTHWIND_COURSE}/lessons/${lesson.id}`)
      await page.getByLabel('File to attach').setInputFiles({
        name: 'too-big.png',
        mimeType: 'image/png',
        buffer: Buffer.from(big),
      })
      await page.getByRole('button', { name: 'Upload and attach' }).click()
      const error = page.locator('#attach-file-error')
      await error.waitFor({ timeout: 20_000 })
      expect(await error.textContent()).toMatch(/^Storage full: .+ of .+ used, and this file needs .+\./)
      expect(await page.getByLabel('File to attach').getAttribute('aria-invalid')).toBe('true')
      expect(await northwindMediaCount()).toBe(mediaBefore)
      expect((await firstLesson()).attachments).toEqual(lesson.attachments)
    } finally {
      await world.platform.update('plans', planId, { limits: plan.limits })
    }
  })
})

describe('school settings', () => {
  it('is the school’s 404 for visitors, learners and instructors', async () => {
    expect((await get('/admin/settings')).status).toBe(404)
    for (const email of ['learner@northwind.example', 'instructor@northwind.example']) {
      const reply = await get('/admin/settings', await tokenOf(email))
      expect(reply.status).toBe(404)
      expect(reply.body.toString()).not.toContain('Brand colour')
    }
  })

  it('an admin refuses a colour white text cannot be read on, then saves name, colour and logo', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await signIn(page, 'admin@northwind.example')
    const response = await page.goto(`${nw}/admin/settings`)
    expect(response?.status()).toBe(200)
    const color = page.getByLabel('Brand colour')
    await color.fill('#ffd700')
    await page.getByRole('button', { name: 'Save settings' }).click()
    const error = page.locator('#settings-primaryColor-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.textContent()).toMatch(/^White text is hard to read on this colour/)
    expect(await page.getByLabel('Brand colour').getAttribute('aria-invalid')).toBe('true')
    const unchanged = await world.platform.findByID('tenants', world.northwind.id, { depth: 0 })
    expect(unchanged?.branding?.primaryColor).not.toBe('#ffd700')

    await page.getByLabel('School name').fill('Northwind Academy of Writing')
    await page.getByLabel('Brand colour').fill('#14532D')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('The settings were saved.').waitFor({ timeout: 15_000 })
    const saved = await world.platform.findByID('tenants', world.northwind.id, { depth: 0 })
    expect([saved?.name, saved?.branding?.primaryColor, saved?.slug, saved?.status]).toEqual([
      'Northwind Academy of Writing',
      '#14532d',
      unchanged?.slug,
      unchanged?.status,
    ])
    await expect
      .poll(
        async () => {
          await page.goto(`${nw}/`)
          return page.locator('header').textContent()
        },
        { timeout: 20_000 },
      )
      .toContain('Northwind Academy of Writing')

    await page.goto(`${nw}/admin/settings`)
    await page.getByLabel('Logo image').setInputFiles({
      name: 'northwind-logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from(coverPng('#14532d')),
    })
    await page.getByRole('button', { name: 'Upload the logo' }).click()
    await page.getByText('The new logo is in place.').waitFor({ timeout: 20_000 })
    const withLogo = await world.platform.findByID('tenants', world.northwind.id, { depth: 1 })
    const logo = withLogo?.branding?.logo
    const logoName = typeof logo === 'object' && logo ? logo.filename : null
    expect(logoName).toMatch(/^northwind-logo.*\.png$/)
    // Public now (visitors fetch it for the header).
    expect((await get(`/media/${encodeURIComponent(logoName ?? '')}`)).status).toBe(200)
    expect(await page.locator('header img').getAttribute('src')).toBe(
      `/media/${encodeURIComponent(logoName ?? '')}`,
    )
  })
})
