/**
 * Reporting content (moderation, decision 095) on a school's own host, in real Chromium against
 * the real cms (production builds, fresh database, demo seed), without JavaScript and in French:
 * a learner reports a lesson (reason and comment, then the thank-you), sees "already reported" on
 * the next visit, a second submission from a stale page stores nothing more, and an attachment of
 * the lesson is reported on its own. Needs `pnpm build` here and the cms build.
 */
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTenantApp, type TenantApp } from './support/instance.ts'
import { startWorld, type World } from './support/world.ts'

const PASSWORD = 'lyceum-demo-2026'
const COURSE = 'les-bases-de-la-photographie-numerique'
const LEARNER = 'learner@lumiere.example'

let world: World
let browser: Browser
let lumiere: TenantApp
let origin: string
let context: BrowserContext
let lesson: { id: string; slug: string; title: string }
let fileId: string
let learnerId: string

beforeAll(async () => {
  world = await startWorld()
  lumiere = await startTenantApp({
    LYCEUM_TENANT_SLUG: 'lumiere',
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: world.lumiere.key,
  })
  origin = `http://lumiere.localhost:${new URL(lumiere.baseUrl).port}`
  const course = (await world.platform.find('courses', { where: { slug: { equals: COURSE } }, limit: 1 }))
    .docs[0]
  const first = (
    await world.platform.find('lessons', {
      where: { course: { equals: course?.id ?? '' } },
      sort: ['order', 'createdAt'],
      limit: 1,
    })
  ).docs[0]
  if (!first) throw new Error('the seed has no Lumière lesson')
  lesson = { id: first.id, slug: first.slug, title: first.title }
  // One attachment on the lesson, uploaded by the platform into the school.
  const file = await world.platform.upload(
    'media',
    { data: new TextEncoder().encode('Fiche mémo\n'), filename: 'fiche-memo.txt', mimeType: 'text/plain' },
    { tenant: world.lumiere.id, alt: 'Fiche mémo' },
  )
  fileId = file.id
  await world.platform.update('lessons', lesson.id, { attachments: [file.id] })
  const users = await world.platform.find('users', { where: { email: { equals: LEARNER } }, limit: 1 })
  learnerId = users.docs[0]?.id ?? ''
  browser = await launchChromium()
  context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await lumiere?.close()
  await world?.close()
})

const reportsOf = async (reporter: string) =>
  (await world.platform.find('reports', { where: { reporter: { equals: reporter } }, limit: 0, depth: 0 }))
    .docs

async function openLesson(page: Page): Promise<void> {
  await page.goto(`${origin}/courses/${COURSE}/lessons/${lesson.slug}`)
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor()
}

it('a learner reports a lesson without JavaScript, in French, once; and a file of it on its own', async () => {
  const page = await context.newPage()
  await page.goto(`${origin}/login`)
  await page.getByLabel(/^E-mail$/).fill(LEARNER)
  await page.getByLabel(/^Mot de passe$/).fill(PASSWORD)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.getByRole('button', { name: /^Se connecter$/ }).click(),
  ])
  await page.goto(`${origin}/courses/${COURSE}`)
  await page.getByRole('button', { name: /^S.inscrire/ }).click()
  await openLesson(page)

  // A second tab on the same lesson, still showing the form, for the stale submission below.
  const stale = await context.newPage()
  await openLesson(stale)

  // The disclosure opens without JavaScript; the form posts and comes back with the thank-you.
  const form = page.locator('details', { hasText: 'Signaler cette leçon' })
  await form.getByText('Signaler cette leçon').click()
  await form.getByLabel('Atteinte au droit d’auteur').check()
  await form.getByLabel('Commentaire (facultatif)').fill('Photo reprise d’un magazine.')
  await form.getByRole('button', { name: 'Envoyer le signalement' }).click()
  await page.getByText(/Merci\s: votre signalement a été envoyé aux modérateurs/).waitFor()
  await screenshot(page, 'tenant-report-sent-fr')
  const [report] = await reportsOf(learnerId)
  expect(report).toMatchObject({
    itemKey: `lesson:${lesson.id}`,
    reason: 'copyright',
    comment: 'Photo reprise d’un magazine.',
    status: 'open',
    tenant: world.lumiere.id,
  })

  // On the next visit: "already reported", no form.
  await openLesson(page)
  await page.getByText('Vous avez signalé cette leçon.').waitFor()
  expect(await page.getByText('Signaler cette leçon').count()).toBe(0)

  // The stale tab submits again: the cms refuses the duplicate, the page says "already reported".
  const staleForm = stale.locator('details', { hasText: 'Signaler cette leçon' })
  await staleForm.getByText('Signaler cette leçon').click()
  await staleForm.getByLabel('Spam').check()
  await staleForm.getByRole('button', { name: 'Envoyer le signalement' }).click()
  await stale.getByText('Vous avez signalé cette leçon.').waitFor()
  expect(await reportsOf(learnerId)).toHaveLength(1)

  // The attachment has its own report, keyed by the file, with the lesson as its context.
  const attachment = page.locator('.attachments li').filter({ hasText: 'fiche-memo' })
  await attachment.getByText('Signaler', { exact: true }).click()
  await attachment.getByLabel('Contenu inapproprié').check()
  await attachment.getByRole('button', { name: 'Envoyer le signalement' }).click()
  await page.getByText(/Merci\s: votre signalement a été envoyé aux modérateurs/).waitFor()
  const reports = await reportsOf(learnerId)
  expect(reports.map((r) => r.itemKey).sort()).toEqual([`lesson:${lesson.id}`, `media:${fileId}`].sort())
  await openLesson(page)
  await page.getByText('Vous avez signalé ce fichier.').waitFor()
}, 180_000)
