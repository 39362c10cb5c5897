import { convertMarkdownToLexical, editorConfigFactory } from '@payloadcms/richtext-lexical'
import type { Payload, Where } from 'payload'
import type { SeedCourse } from './content/types.ts'
import { DEMO_PASSWORD, DEMO_SCHOOLS, type DemoSchool, SUPER_ADMIN_EMAIL } from './demo.ts'
import { blocksToMarkdown } from './markdown.ts'
import { PLANS } from './plans.ts'

/** What a seed run did, for the start-up printout and the idempotency test. */
export type SeedReport = { created: string[]; updated: string[] }

type Slug = Parameters<Payload['find']>[0]['collection']

// Seeding is a system task: every call below runs without a user, as the platform itself.
async function findOne(payload: Payload, collection: Slug, where: Where) {
  const result = await payload.find({
    collection,
    where,
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return result.docs[0] as ({ id: string } & Record<string, unknown>) | undefined
}

/**
 * Creates the plans, or brings them up to date with src/seed/plans.ts. Untouched when equal.
 * @returns ids by plan code.
 */
export async function seedPlans(payload: Payload, report: SeedReport): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const plan of PLANS) {
    const existing = await findOne(payload, 'plans', { code: { equals: plan.code } })
    if (!existing) {
      const created = await payload.create({ collection: 'plans', data: plan, overrideAccess: true })
      report.created.push(`plan:${plan.code}`)
      ids.set(plan.code, created.id)
      continue
    }
    ids.set(plan.code, existing.id)
    const current = {
      code: existing.code,
      name: existing.name,
      priceMinor: existing.priceMinor,
      currency: existing.currency,
      interval: existing.interval,
      trialDays: existing.trialDays,
      sortOrder: existing.sortOrder,
      limits: {
        seats: (existing.limits as PlanLimits).seats,
        storageBytes: (existing.limits as PlanLimits).storageBytes,
        courses: (existing.limits as PlanLimits).courses,
      },
    }
    if (JSON.stringify(current) !== JSON.stringify(plan)) {
      await payload.update({ collection: 'plans', id: existing.id, data: plan, overrideAccess: true })
      report.updated.push(`plan:${plan.code}`)
    }
  }
  return ids
}
type PlanLimits = { seats: number; storageBytes: number; courses: number }

/**
 * Creates the demo platform once: a super-admin and two schools, each with a member of every
 * role and one complete course. Only what is missing is created; nothing existing is changed,
 * so a second run is a no-op and edits made in the cms survive.
 */
export async function seedDemo(
  payload: Payload,
  planIds: Map<string, string>,
  report: SeedReport,
): Promise<void> {
  await ensureUser(payload, report, {
    email: SUPER_ADMIN_EMAIL,
    name: 'Sam Super-Admin',
    platformRole: 'super-admin',
  })
  for (const school of DEMO_SCHOOLS) {
    const tenantId = await ensureTenant(payload, report, school, planIds)
    for (const member of school.members) {
      await ensureUser(
        payload,
        report,
        { email: member.email, name: member.name },
        { tenantId, role: member.role },
      )
    }
    await ensureCourse(payload, report, tenantId, school.course)
  }
}

async function ensureTenant(
  payload: Payload,
  report: SeedReport,
  school: DemoSchool,
  planIds: Map<string, string>,
) {
  const existing = await findOne(payload, 'tenants', { slug: { equals: school.slug } })
  if (existing) return existing.id
  const created = await payload.create({
    collection: 'tenants',
    data: {
      name: school.name,
      slug: school.slug,
      status: 'pending',
      locale: school.locale,
      plan: planIds.get(school.plan),
      branding: { primaryColor: school.primaryColor },
      allowSelfSignup: true,
    },
    overrideAccess: true,
  })
  report.created.push(`tenant:${school.slug}`)
  return created.id
}

async function ensureUser(
  payload: Payload,
  report: SeedReport,
  person: { email: string; name: string; platformRole?: 'super-admin' },
  membership?: { tenantId: string; role: 'admin' | 'instructor' | 'learner' },
) {
  const existing = await findOne(payload, 'users', { email: { equals: person.email } })
  if (!existing) {
    await payload.create({
      collection: 'users',
      data: {
        ...person,
        password: DEMO_PASSWORD,
        memberships: membership ? [{ tenant: membership.tenantId, role: membership.role }] : [],
      },
      overrideAccess: true,
    })
    report.created.push(`user:${person.email}`)
  }
}

async function ensureCourse(payload: Payload, report: SeedReport, tenantId: string, course: SeedCourse) {
  const existing = await findOne(payload, 'courses', {
    and: [{ tenant: { equals: tenantId } }, { slug: { equals: course.slug } }],
  })
  if (existing) return
  const editorConfig = await editorConfigFactory.default({ config: payload.config })
  const created = await payload.create({
    collection: 'courses',
    data: {
      tenant: tenantId,
      title: course.title,
      slug: course.slug,
      summary: course.summary,
      published: true,
    },
    overrideAccess: true,
  })
  for (const [sectionIndex, section] of course.sections.entries()) {
    const sectionDoc = await payload.create({
      collection: 'sections',
      data: { tenant: tenantId, course: created.id, title: section.title, order: sectionIndex },
      overrideAccess: true,
    })
    for (const [lessonIndex, lesson] of section.lessons.entries()) {
      await payload.create({
        collection: 'lessons',
        data: {
          tenant: tenantId,
          section: sectionDoc.id,
          title: lesson.title,
          slug: lesson.slug,
          durationSeconds: lesson.durationSeconds,
          order: lessonIndex,
          content: convertMarkdownToLexical({ editorConfig, markdown: blocksToMarkdown(lesson.body) }),
        },
        overrideAccess: true,
      })
    }
  }
  report.created.push(`course:${course.slug}`)
}

/** Name of the platform key `npm start` installs for the hub and the provisioner. */
export const LOCAL_PLATFORM_KEY_NAME = 'platform (local, npm start)'

/**
 * Installs `apiKey` as the local platform key. Keys are never readable back, so a stored key
 * cannot be compared: every earlier local platform key is revoked and this one minted, which
 * rotates the key on each start (both are audit-logged).
 */
export async function installLocalPlatformKey(
  payload: Payload,
  apiKey: string,
  report: SeedReport,
): Promise<void> {
  const earlier = await payload.find({
    collection: 'service-keys',
    where: { and: [{ name: { equals: LOCAL_PLATFORM_KEY_NAME } }, { revokedAt: { exists: false } }] },
    depth: 0,
    limit: 100,
    overrideAccess: true,
  })
  for (const key of earlier.docs) {
    await payload.update({
      collection: 'service-keys',
      id: key.id,
      data: { revokedAt: new Date().toISOString() },
      overrideAccess: true,
    })
  }
  await payload.create({
    collection: 'service-keys',
    data: { name: LOCAL_PLATFORM_KEY_NAME, kind: 'platform', enableAPIKey: true, apiKey },
    overrideAccess: true,
  })
  report.updated.push('service-key:platform (local)')
}
