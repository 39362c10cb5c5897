/**
 * The console's moderation queue (decision 095): members' reports (cms `reports`), grouped by
 * the item they are about, with the item's context, and the three decisions a super-admin takes
 * on an item: dismiss, unpublish the content (its course), suspend the school. Everything is read
 * and written with the platform key; the cms is the source of truth.
 */

import type { CmsClient, Report } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { type Locale, REPORT_REASONS, type ReportReason, type ReportStatus } from '@lyceum/domain'
import { contentUnpublished, type Mailer, reportDecided, sendTemplate } from '@lyceum/mail'
import { z } from 'zod'
import { adminEmails } from '../billing/processor.ts'
import { requestTenantAction } from './actions.ts'
import type { SuperAdmin } from './guard.ts'

/** At most this many open reports are read for one queue page (oldest items first). */
export const QUEUE_REPORT_LIMIT = 500
/** Length of the lesson excerpt shown in the queue, in characters. */
export const EXCERPT_LENGTH = 280

export const DECISIONS = ['dismiss', 'unpublish', 'suspend'] as const
export type Decision = (typeof DECISIONS)[number]

const OUTCOME: Record<Decision, Exclude<ReportStatus, 'open'>> = {
  dismiss: 'dismissed',
  unpublish: 'unpublished',
  suspend: 'tenant_suspended',
}

/** The decision form: the item (`lesson:<id>` or `media:<id>`), the decision, `confirm=yes`. */
export const decisionFormSchema = z.object({
  item: z.string().regex(/^(lesson|media):[0-9a-f-]{36}$/i, { message: 'Not a reported item.' }),
  decision: z.enum(DECISIONS, { message: 'Choose dismiss, unpublish or suspend.' }),
  confirm: z.literal('yes', { message: 'Confirm the decision first.' }),
})

export type QueueItem = {
  /** `lesson:<id>` or `media:<id>`. */
  key: string
  itemType: 'lesson' | 'media'
  title: string
  excerpt: string | null
  school: { id: string; name: string; slug: string; status: string }
  course: { id: string; title: string; published: boolean } | null
  counts: Record<ReportReason, number>
  total: number
  firstReportedAt: string
  reports: Array<{ id: string; reason: ReportReason; comment: string | null; reporter: string; at: string }>
}

type RichNode = { text?: unknown; children?: unknown }

/** The plain text of a Lexical document, cut to `max` characters (an ellipsis when cut). */
export function excerptOf(content: unknown, max = EXCERPT_LENGTH): string | null {
  const parts: string[] = []
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return
    const { text, children } = node as RichNode
    if (typeof text === 'string') parts.push(text)
    if (Array.isArray(children)) {
      for (const child of children) walk(child)
      parts.push(' ')
    }
  }
  walk((content as { root?: unknown } | null)?.root)
  const plain = parts.join('').replace(/\s+/g, ' ').trim()
  if (!plain) return null
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain
}

const byIds = async <T extends { id: string }>(
  load: (ids: string[]) => Promise<{ docs: T[] }>,
  ids: Iterable<string>,
): Promise<Map<string, T>> => {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const { docs } = await load(unique)
  return new Map(docs.map((doc) => [doc.id, doc]))
}

/**
 * The open reports, grouped by item, oldest item first, each with its school, course, title and
 * excerpt (lessons) or file name (media), counts by reason, reporters' emails and comments.
 * @throws CmsError when the cms cannot answer.
 */
export async function loadQueue(cms: CmsClient): Promise<QueueItem[]> {
  const { docs } = await cms.find('reports', {
    where: { status: { equals: 'open' } },
    sort: 'createdAt',
    limit: QUEUE_REPORT_LIMIT,
    depth: 0,
  })
  const groups = new Map<string, Report[]>()
  for (const report of docs) {
    if (!report.itemKey) continue
    const group = groups.get(report.itemKey) ?? []
    group.push(report)
    groups.set(report.itemKey, group)
  }
  const all = [...groups.values()].flat()
  const idsOf = (field: 'tenant' | 'lesson' | 'media' | 'course' | 'reporter') =>
    all.map((r) => idOf(r[field])).filter((id): id is string => id !== null)
  const limit = 0 // every match: the ids come from at most QUEUE_REPORT_LIMIT reports
  const [tenants, lessons, media, courses, users] = await Promise.all([
    byIds(
      (ids) =>
        cms.find('tenants', {
          where: { id: { in: ids } },
          limit,
          select: { name: true, slug: true, status: true },
        }),
      idsOf('tenant'),
    ),
    byIds(
      (ids) =>
        cms.find('lessons', { where: { id: { in: ids } }, limit, select: { title: true, content: true } }),
      idsOf('lesson'),
    ),
    byIds(
      (ids) =>
        cms.find('media', { where: { id: { in: ids } }, limit, select: { filename: true, alt: true } }),
      idsOf('media'),
    ),
    byIds(
      (ids) =>
        cms.find('courses', { where: { id: { in: ids } }, limit, select: { title: true, published: true } }),
      idsOf('course'),
    ),
    byIds(
      (ids) => cms.find('users', { where: { id: { in: ids } }, limit, select: { email: true } }),
      idsOf('reporter'),
    ),
  ])
  const items: QueueItem[] = []
  for (const [key, reports] of groups) {
    const first = reports[0] as Report
    const tenant = tenants.get(idOf(first.tenant) ?? '')
    const lesson = lessons.get(idOf(first.lesson) ?? '')
    const file = media.get(idOf(first.media) ?? '')
    const course = courses.get(idOf(first.course) ?? '')
    const counts = Object.fromEntries(REPORT_REASONS.map((r) => [r, 0])) as Record<ReportReason, number>
    for (const report of reports) counts[report.reason] += 1
    items.push({
      key,
      itemType: first.itemType,
      title:
        first.itemType === 'media'
          ? (file?.filename ?? file?.alt ?? '(deleted file)')
          : (lesson?.title ?? '(deleted lesson)'),
      excerpt: first.itemType === 'lesson' ? excerptOf(lesson?.content) : null,
      school: {
        id: idOf(first.tenant) ?? '',
        name: tenant?.name ?? '(unknown school)',
        slug: tenant?.slug ?? '',
        status: tenant?.status ?? '',
      },
      course: course
        ? { id: course.id, title: course.title ?? '', published: course.published ?? false }
        : null,
      counts,
      total: reports.length,
      firstReportedAt: first.createdAt,
      reports: reports.map((r) => ({
        id: r.id,
        reason: r.reason,
        comment: r.comment ?? null,
        reporter: users.get(idOf(r.reporter) ?? '')?.email ?? '(deleted account)',
        at: r.createdAt,
      })),
    })
  }
  return items
}

export type DecideDeps = {
  cms: CmsClient
  /** Needed for `suspend` (the provisioner's lifecycle queue). */
  databaseUrl: string | undefined
  mailer: Mailer | null
  log?: (message: string) => void
}

export type DecideResult =
  | { ok: true; decision: Decision; reports: number; mailed: number }
  | { ok: false; status: 404 | 409 | 503; error: string }

/**
 * Decides every open report of `itemKey`: `dismiss` leaves the content; `unpublish` sets the
 * item's course to unpublished and emails the school's admins; `suspend` queues the school's
 * suspension through the provisioner (the console's own suspend action, audit-logged as
 * `admin.tenant.suspend`). Then the reports take the outcome (`decidedAt`, `decidedBy`), the
 * audit log gets `admin.report.<decision>` (target: the item), and every reporter of the item is
 * emailed the outcome. Mail failures are logged, never undo the decision.
 * @returns 404 when the item has no open report; 409 when a media file has no course to unpublish;
 *   503 for `suspend` without DATABASE_URL.
 * @throws CmsError when the cms fails.
 */
export async function decide(
  deps: DecideDeps,
  admin: SuperAdmin,
  itemKey: string,
  decision: Decision,
): Promise<DecideResult> {
  const log = deps.log ?? ((message: string) => console.error(message))
  const { docs: reports } = await deps.cms.find('reports', {
    where: { and: [{ itemKey: { equals: itemKey } }, { status: { equals: 'open' } }] },
    limit: 0,
    depth: 0,
  })
  const first = reports[0]
  const tenantId = idOf(first?.tenant)
  if (!first || !tenantId) return { ok: false, status: 404, error: 'No open report for this item.' }
  const tenant = await deps.cms.findByID('tenants', tenantId, { depth: 0 })
  if (!tenant) return { ok: false, status: 404, error: 'No open report for this item.' }
  const [itemType, itemId] = itemKey.split(':') as ['lesson' | 'media', string]
  const title = await itemTitle(deps.cms, itemType, itemId)
  const courseId = reports.map((r) => idOf(r.course)).find((id) => id !== null) ?? null
  const locale = (tenant.locale ?? 'en') as Locale

  let courseTitle: string | null = null
  if (decision === 'unpublish') {
    if (!courseId)
      return { ok: false, status: 409, error: 'This file is not shown in a course: nothing to unpublish.' }
    const course = await deps.cms.update('courses', courseId, { published: false })
    courseTitle = course.title
  }
  if (decision === 'suspend') {
    if (!deps.databaseUrl)
      return { ok: false, status: 503, error: 'Suspending needs the hub to have DATABASE_URL.' }
    await requestTenantAction(
      { cms: deps.cms, databaseUrl: deps.databaseUrl },
      admin,
      tenantId,
      'suspend',
      `Moderation: reports on ${itemKey}`,
    )
  }
  const outcome = OUTCOME[decision]
  await deps.cms.updateWhere(
    'reports',
    { and: [{ itemKey: { equals: itemKey } }, { status: { equals: 'open' } }] },
    { status: outcome, decidedAt: new Date().toISOString(), decidedBy: admin.id },
  )
  await deps.cms.create('audit-log', {
    actor: `user:${admin.id}`,
    tenant: tenantId,
    action: `admin.report.${decision}`,
    target: `${itemType === 'lesson' ? 'lessons' : 'media'}:${itemId}`,
    at: new Date().toISOString(),
    details: {
      by: admin.email,
      reports: reports.map((r) => r.id),
      reasons: reports.map((r) => r.reason),
      ...(courseId ? { course: courseId } : {}),
    },
  })

  let mailed = 0
  if (deps.mailer) {
    const send = async (to: string[], rendered: ReturnType<typeof reportDecided>) => {
      if (to.length === 0 || !deps.mailer) return
      try {
        await sendTemplate(deps.mailer, to, rendered)
        mailed += to.length
      } catch (error) {
        log(
          `[moderation] could not email ${to.length} recipient(s) about ${itemKey}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    if (decision === 'unpublish' && courseTitle) {
      const admins = await adminEmails(deps.cms, tenantId)
      await send(
        admins,
        contentUnpublished({ locale, schoolName: tenant.name, itemTitle: title, courseTitle }),
      )
    }
    const reporterIds = reports.map((r) => idOf(r.reporter)).filter((id): id is string => id !== null)
    const { docs: reporters } = await deps.cms.find('users', {
      where: { id: { in: [...new Set(reporterIds)] } },
      limit: 0,
      select: { email: true },
    })
    const rendered = reportDecided({ locale, schoolName: tenant.name, itemTitle: title, outcome })
    // One message per reporter: reporters never see each other's addresses.
    for (const reporter of reporters) if (reporter.email) await send([reporter.email], rendered)
  }
  return { ok: true, decision, reports: reports.length, mailed }
}

async function itemTitle(cms: CmsClient, itemType: 'lesson' | 'media', id: string): Promise<string> {
  if (itemType === 'lesson') {
    const lesson = await cms.findByID('lessons', id, { select: { title: true } })
    return lesson?.title ?? 'a lesson'
  }
  const file = await cms.findByID('media', id, { select: { filename: true } })
  return file?.filename ?? 'a file'
}
