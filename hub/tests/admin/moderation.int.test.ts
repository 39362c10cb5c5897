/**
 * The console's moderation queue (decision 095) through the hub's production build, with the real
 * cms on PostgreSQL, real sessions and real SMTP to the mail catcher: the queue and its decision
 * action answer the ordinary 404 to every non-super-admin role — and nothing happens — and, for a
 * super-admin, group the open reports by item with their context and decide them (reports closed,
 * the course unpublished or the school's suspension queued, audit log, mails to the reporters and,
 * on unpublish, to the school's admins).
 */
import type { Lesson, Tenant } from '@lyceum/cms-client'
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { normalized, type Visitor } from '../accounts/support.ts'
import {
  type ConsoleWorld,
  consoleAudit,
  lifecycleJobs,
  ROLES,
  type Role,
  startConsoleWorld,
  visitorAs,
} from './support.ts'

let world: ConsoleWorld
let mail: MailCatcher
let northwind: Tenant
let lumiere: Tenant
let dismissLesson: Lesson
let unpublishLesson: Lesson
let suspendLesson: Lesson
const users = new Map<string, string>()

const key = (lesson: Lesson) => `lesson:${lesson.id}`

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  world = await startConsoleWorld({ LYCEUM_SMTP_URL: mail.smtpUrl })
  const schools = await world.platform.find('tenants', { where: { slug: { in: ['northwind', 'lumiere'] } } })
  northwind = schools.docs.find((t) => t.slug === 'northwind') as Tenant
  lumiere = schools.docs.find((t) => t.slug === 'lumiere') as Tenant
  const people = await world.platform.find('users', {
    where: {
      email: {
        in: [...Object.values(ROLES).filter((e): e is string => e !== null), 'learner@lumiere.example'],
      },
    },
    limit: 0,
  })
  for (const user of people.docs) users.set(user.email, user.id)
  const lessonsOf = async (tenant: Tenant) =>
    (
      await world.platform.find('lessons', {
        where: { tenant: { equals: tenant.id } },
        sort: 'order',
        limit: 3,
      })
    ).docs
  ;[dismissLesson, unpublishLesson] = (await lessonsOf(northwind)) as [Lesson, Lesson]
  ;[suspendLesson] = (await lessonsOf(lumiere)) as [Lesson]
  // Reports filed as the seed's members (the platform key may file them in anyone's name).
  const report = (tenant: Tenant, lesson: Lesson, email: string, reason: string, comment?: string) =>
    world.platform.create('reports', {
      tenant: tenant.id,
      reporter: users.get(email) ?? '',
      itemType: 'lesson',
      lesson: lesson.id,
      reason: reason as 'spam',
      comment: comment ?? null,
      status: 'open',
    })
  await report(northwind, dismissLesson, 'learner@northwind.example', 'spam', 'Looks like an advert.')
  await report(northwind, dismissLesson, 'instructor@northwind.example', 'other')
  await report(northwind, unpublishLesson, 'learner@northwind.example', 'copyright', 'Copied from a book.')
  await report(lumiere, suspendLesson, 'learner@lumiere.example', 'inappropriate')
}, 180_000)

afterAll(async () => {
  await world?.close()
  await mail?.stop()
})

function showHubLogOnFailure() {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
}

const pages = () => [
  '/admin/moderation',
  `/admin/moderation?item=${encodeURIComponent(key(unpublishLesson))}&decision=unpublish`,
]
const decisions = (): Array<Record<string, string>> => [
  { item: key(dismissLesson), decision: 'dismiss', confirm: 'yes' },
  { item: key(unpublishLesson), decision: 'unpublish', confirm: 'yes' },
  { item: key(suspendLesson), decision: 'suspend', confirm: 'yes' },
]

const openReports = async () => world.platform.count('reports', { where: { status: { equals: 'open' } } })

const outsiders = (Object.keys(ROLES) as Role[]).filter((role) => role !== 'super-admin')

describe.each(outsiders)('%s', (role) => {
  let visitor: Visitor
  beforeAll(async () => {
    visitor = await visitorAs(world, role)
  })

  it('gets the ordinary 404 page on the queue and its confirmation step, like an unknown URL', async () => {
    showHubLogOnFailure()
    for (const path of pages()) {
      const unknown = await visitor.get(path.replace('/admin', '/nimda'))
      const response = await visitor.get(path)
      expect(response.status, path).toBe(404)
      expect(normalized(response.body).replace(/name="redirect" value="[^"]*"/g, ''), path).toBe(
        normalized(unknown.body).replace(/name="redirect" value="[^"]*"/g, ''),
      )
    }
    const data = await visitor.get('/admin/moderation/__data.json')
    expect(data.body).toContain('404')
    expect(data.body).not.toContain(dismissLesson.title)
    expect(data.body).not.toContain('Looks like an advert')
  })

  it('gets 404 on every decision, and nothing happens', async () => {
    showHubLogOnFailure()
    for (const fields of decisions()) {
      const response = await visitor.post('/admin/moderation?/decide', fields)
      expect(response.status, fields.decision).toBe(404)
      expect(response.location).toBeNull()
    }
    expect(await openReports()).toBe(4)
    expect((await world.platform.findByID('courses', String(unpublishLesson.course)))?.published).toBe(true)
    expect(await lifecycleJobs(world.pool)).toEqual([])
    expect(await consoleAudit(world.platform)).toEqual([])
  })
})

describe('super-admin', () => {
  let admin: Visitor
  beforeAll(async () => {
    admin = await visitorAs(world, 'super-admin')
  })

  it('sees the open reports grouped by item, with counts by reason and the item’s context', async () => {
    showHubLogOnFailure()
    const { status, body } = await admin.get('/admin/moderation')
    expect(status).toBe(200)
    expect((body.match(/<li data-item="lesson:/g) ?? []).length).toBe(3)
    const item = body.slice(body.indexOf(`data-item="${key(dismissLesson)}"`))
    const block = item.slice(0, item.indexOf('</li>', item.indexOf('class="decisions"')))
    expect(block).toContain(dismissLesson.title)
    expect(block).toContain('Northwind Academy')
    const text = block
      .replace(/<!--.*?-->/gs, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
    expect(text).toContain('2 reports: spam 1, other 1')
    expect(block).toContain('learner@northwind.example')
    expect(block).toContain('instructor@northwind.example')
    expect(block).toContain('Looks like an advert.')
    expect(block).toContain('<blockquote class="excerpt')
    expect(body).toContain('href="/admin/moderation"')
    // The dashboard counts them under "Needs attention", with a link to the queue.
    const dashboard = (await admin.get('/admin')).body
    expect(dashboard).toContain('Open reports (4)')
    expect(dashboard).toContain('<a href="/admin/moderation">Review them in the moderation queue</a>')
  })

  it('asks for confirmation first: a decision without it is a 400 and changes nothing', async () => {
    showHubLogOnFailure()
    const step = await admin.get(pages()[1] ?? '')
    expect(step.body).toContain('name="confirm" value="yes"')
    expect(step.body).toContain(`name="item" value="${key(unpublishLesson)}"`)
    const refused = await admin.post('/admin/moderation?/decide', {
      item: key(unpublishLesson),
      decision: 'unpublish',
    })
    expect(refused.status).toBe(400)
    expect(refused.body).toContain('Confirm the decision first.')
    expect(await openReports()).toBe(4)
  })

  it('dismisses: the reports are closed, audit-logged, and each reporter is told', async () => {
    showHubLogOnFailure()
    const response = await admin.post('/admin/moderation?/decide', decisions()[0] ?? {})
    expect(response.status).toBe(200)
    expect(response.body).toContain('Decided: dismiss (2 reports, 2 emails sent)')
    const { docs } = await world.platform.find('reports', { where: { lesson: { equals: dismissLesson.id } } })
    expect(docs.map((d) => d.status)).toEqual(['dismissed', 'dismissed'])
    expect(docs.every((d) => d.decidedAt && d.decidedBy === users.get('superadmin@lyceum.example'))).toBe(
      true,
    )
    expect(await consoleAudit(world.platform)).toContain(`admin.report.dismiss lessons:${dismissLesson.id}`)
    for (const to of ['learner@northwind.example', 'instructor@northwind.example']) {
      const message = await waitForMessage(mail.webUrl, { to, subjectIncludes: 'has been reviewed' })
      expect(message.text).toContain(dismissLesson.title)
      expect(message.text).toContain('it stays online')
    }
  })

  it('unpublishes: the course goes offline and the school’s admins and the reporter are emailed', async () => {
    showHubLogOnFailure()
    const response = await admin.post('/admin/moderation?/decide', decisions()[1] ?? {})
    expect(response.status).toBe(200)
    const course = await world.platform.findByID('courses', String(unpublishLesson.course))
    expect(course?.published).toBe(false)
    const toAdmin = await waitForMessage(mail.webUrl, {
      to: 'admin@northwind.example',
      subjectIncludes: 'has been unpublished',
    })
    expect(toAdmin.text).toContain(unpublishLesson.title)
    const toReporter = await waitForMessage(mail.webUrl, {
      to: 'learner@northwind.example',
      subjectIncludes: 'has been reviewed',
    })
    expect(toReporter).toBeDefined()
    expect(await consoleAudit(world.platform)).toContain(
      `admin.report.unpublish lessons:${unpublishLesson.id}`,
    )
  })

  it('suspends the school through the lifecycle queue, and tells the reporter in the school’s language', async () => {
    showHubLogOnFailure()
    const response = await admin.post('/admin/moderation?/decide', decisions()[2] ?? {})
    expect(response.status).toBe(200)
    expect(await lifecycleJobs(world.pool)).toEqual([`suspend:${lumiere.id}`])
    const audit = await consoleAudit(world.platform)
    expect(audit).toContain(`admin.tenant.suspend tenants:${lumiere.id}`)
    expect(audit).toContain(`admin.report.suspend lessons:${suspendLesson.id}`)
    const message = await waitForMessage(mail.webUrl, {
      to: 'learner@lumiere.example',
      subjectIncludes: 'a été examiné',
    })
    expect(message.text).toContain('L’école a été suspendue.')
    expect(await openReports()).toBe(0)
    expect((await admin.get('/admin/moderation')).body).toContain('No open reports.')
    expect((await admin.get('/admin')).body).toContain('Open reports (0)')
  })

  it('answers a decided item with 404 and a clear message', async () => {
    const again = await admin.post('/admin/moderation?/decide', decisions()[0] ?? {})
    expect(again.status).toBe(404)
    expect(again.body).toContain('No open report for this item.')
  })
})
