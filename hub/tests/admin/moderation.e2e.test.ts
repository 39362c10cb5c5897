/**
 * Moderation end to end, in real Chromium (issue 6, decision 095): a learner reports a lesson on
 * their school's site, the super-admin finds it in the console's queue with its context and
 * unpublishes it, and the school's admin and the reporter get their mails in the catcher.
 *
 * The world is the one of suspend.e2e.test.ts (tests/support/gateway-world.ts): the real cms
 * (seeded), the hub's production build, the provisioner's engine with the local driver running the
 * tenant-app's production build, and the gateway in front of them all on one port; plus the mail
 * catcher both send to.
 */
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { screenshot } from '@lyceum/testing/browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest'
import { type GatewayWorld, startGatewayWorld } from '../support/gateway-world.ts'
import { type ConsoleWorld, DEMO_PASSWORD, ROLES } from './support.ts'

let stack: GatewayWorld
let world: ConsoleWorld
let browser: Browser
let gatewayPort: number
let northwindId: string
let mail: MailCatcher

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  stack = await startGatewayWorld({ LYCEUM_SMTP_URL: mail.smtpUrl })
  world = stack.world
  browser = stack.browser
  gatewayPort = stack.gatewayPort
  northwindId = stack.northwindId
}, 240_000)

afterAll(async () => {
  await stack?.close()
  await mail?.stop()
}, 60_000)

const LESSON = 'Know your reader and their task'
const COURSE = '/courses/writing-clear-technical-documentation'

it('a learner reports a lesson; the super-admin unpublishes it from the queue; admin and reporter are mailed', async () => {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
  const hub = `http://localhost:${gatewayPort}`
  const school = `http://northwind.localhost:${gatewayPort}`
  const learnerContext = await browser.newContext({ locale: 'en-US' })
  const adminContext = await browser.newContext({ locale: 'en-US' })
  try {
    // The learner signs in on the school's site, enrolls and opens the first lesson.
    const learner = await learnerContext.newPage()
    await learner.goto(`${school}/login`)
    await learner.getByLabel(/^Email$/).fill(ROLES.learner)
    await learner.getByLabel(/^Password$/).fill(DEMO_PASSWORD)
    await Promise.all([
      learner.waitForURL((url) => !url.pathname.startsWith('/login')),
      learner.getByRole('button', { name: /^Sign in$/ }).click(),
    ])
    await learner.goto(`${school}${COURSE}`)
    await learner.getByRole('button', { name: 'Enroll in this course' }).click()
    await learner.getByRole('heading', { level: 1, name: LESSON }).waitFor()

    // Report it: reason and comment, then the thank-you; the form is gone on the next visit.
    await learner.getByText('Report this lesson').click()
    await learner.getByLabel('Copyright infringement').check()
    await learner.getByLabel('Comment (optional)').fill('Copied word for word from a textbook.')
    await learner.getByRole('button', { name: 'Send the report' }).click()
    await learner.getByText('Thank you: your report was sent to the moderators.').waitFor()
    await screenshot(learner, 'moderation-reported')
    const lessonUrl = new URL(learner.url())
    await learner.goto(`${lessonUrl.origin}${lessonUrl.pathname}`)
    await learner.getByText('You reported this lesson.').waitFor()
    expect(await learner.getByText('Report this lesson').count()).toBe(0)

    // The super-admin finds it in the queue, with its context, and unpublishes it.
    const admin = await adminContext.newPage()
    await admin.goto(`${hub}/login`)
    await admin.getByLabel(/email/i).fill(ROLES['super-admin'])
    await admin.getByLabel(/password/i).fill(DEMO_PASSWORD)
    await Promise.all([
      admin.waitForURL((url) => !url.pathname.startsWith('/login')),
      admin.getByRole('button', { name: /sign in/i }).click(),
    ])
    await admin.goto(`${hub}/admin`)
    await admin.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Moderation' }).click()
    const item = admin.locator('li[data-item^="lesson:"]').filter({ hasText: LESSON })
    await item.waitFor()
    await expect.poll(() => item.getByTestId('counts').textContent()).toMatch(/1\s*report:\s*copyright 1/)
    await item.getByText('Northwind Academy').waitFor()
    await item.getByText('Writing Clear Technical Documentation').waitFor()
    await item.getByText(ROLES.learner).waitFor()
    await item.getByText('Copied word for word from a textbook.').waitFor()
    await screenshot(admin, 'moderation-queue')
    await item.getByRole('link', { name: 'Unpublish…' }).click()
    await admin.getByRole('button', { name: 'Yes, unpublish' }).click()
    await admin.getByTestId('decided').filter({ hasText: 'Decided: unpublish' }).waitFor()
    await admin.getByTestId('queue-empty').waitFor()

    // The course is offline: the cms says so, and the lesson is gone from the school's site.
    const courses = await world.platform.find('courses', {
      where: { slug: { equals: 'writing-clear-technical-documentation' } },
    })
    expect(courses.docs[0]?.published).toBe(false)
    await expect
      .poll(async () => (await learner.goto(`${school}${COURSE}`))?.status(), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(404)

    // The school's admin and the reporter are told, in the school's language.
    const toAdmin = await waitForMessage(mail.webUrl, {
      to: ROLES['school admin'],
      subjectIncludes: 'has been unpublished',
      timeoutMs: 30_000,
    })
    expect(toAdmin.text).toContain(LESSON)
    const toReporter = await waitForMessage(mail.webUrl, {
      to: ROLES.learner,
      subjectIncludes: 'has been reviewed',
      timeoutMs: 30_000,
    })
    expect(toReporter.text).toContain('The content has been taken offline.')

    // The decision is in the audit log, by the super-admin.
    const audit = await world.platform.find('audit-log', {
      where: { action: { equals: 'admin.report.unpublish' } },
    })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0]?.tenant).toBe(northwindId)
  } finally {
    await learnerContext.close()
    await adminContext.close()
  }
}, 300_000)
