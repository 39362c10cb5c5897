import { createHash, randomUUID } from 'node:crypto'
import type { Payload } from 'payload'

/**
 * Two schools, A and B, each with a member of every role, one document of every collection,
 * a tenant key; plus the platform key and a super-admin. Everything is created as the system
 * (`overrideAccess: true`, no user): the tests then act as each role.
 */

export const PASSWORD = 'correct-horse-battery'

export const ROLES = [
  'anonymous',
  'learnerA',
  'instructorA',
  'adminA',
  'adminB',
  'keyA',
  'platformKey',
  'superAdmin',
] as const
export type Role = (typeof ROLES)[number]

export type TenantKey = 'A' | 'B'

/** The tenant a role belongs to; `null` for roles that are not bound to one school. */
export const HOME: Record<Role, TenantKey | null> = {
  anonymous: null,
  learnerA: 'A',
  instructorA: 'A',
  adminA: 'A',
  adminB: 'B',
  keyA: 'A',
  platformKey: null,
  superAdmin: null,
}

export type Targets = {
  tenant: string
  plan: string
  publishedCourse: string
  draftCourse: string
  section: string
  lesson: string
  member: string
  memberEnrollment: string
  memberProgress: string
  quiz: string
  memberQuizAttempt: string
  memberCertificate: string
  /** The school learner's report of the school's lesson. */
  memberReport: string
  invitation: string
  media: string
  subscription: string
  billingEvent: string
  provisioningRun: string
  audit: string
  /** The school learner's hub signup code and hub session (platform-only records about a member). */
  emailChallenge: string
  accountSession: string
  key: string
}

export type Credential =
  | { kind: 'none' }
  | { kind: 'user'; id: string; email: string; token: string }
  | { kind: 'key'; id: string; apiKey: string }

export type World = {
  payload: Payload
  tenants: Record<TenantKey, Targets>
  credentials: Record<Role, Credential>
  /** The Local API `user` for a role (`undefined` for anonymous). */
  localUser(role: Role): Promise<Record<string, unknown> | undefined>
  /** The `Authorization` header for REST and GraphQL. */
  authHeader(role: Role): Record<string, string>
}

let counter = 0
/** A short unique suffix for slugs, emails and names. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`

export async function createMember(
  payload: Payload,
  tenantId: string | null,
  role: 'admin' | 'instructor' | 'learner',
  extra: { platformRole?: 'super-admin' } = {},
) {
  const email = `${unique(role)}@example.com`
  const user = await payload.create({
    collection: 'users',
    data: {
      email,
      password: PASSWORD,
      name: email,
      memberships: tenantId ? [{ tenant: tenantId, role }] : [],
      ...extra,
    },
    overrideAccess: true,
  })
  return { id: user.id, email }
}

export async function createKey(payload: Payload, kind: 'tenant' | 'platform', tenantId: string | null) {
  const apiKey = randomUUID()
  const key = await payload.create({
    collection: 'service-keys',
    data: { name: unique(`${kind}-key`), kind, tenant: tenantId, enableAPIKey: true, apiKey },
    overrideAccess: true,
  })
  return { id: key.id, apiKey }
}

export async function createCourse(payload: Payload, tenantId: string, published: boolean) {
  const slug = unique('course')
  const course = await payload.create({
    collection: 'courses',
    data: { tenant: tenantId, title: slug, slug, published },
    overrideAccess: true,
  })
  return course.id
}

export async function createSection(payload: Payload, tenantId: string, courseId: string) {
  const section = await payload.create({
    collection: 'sections',
    data: { tenant: tenantId, course: courseId, title: unique('section'), order: 0 },
    overrideAccess: true,
  })
  return section.id
}

export async function createLesson(payload: Payload, tenantId: string, sectionId: string) {
  const slug = unique('lesson')
  const lesson = await payload.create({
    collection: 'lessons',
    data: { tenant: tenantId, section: sectionId, title: slug, slug, durationSeconds: 60, order: 0 },
    overrideAccess: true,
  })
  return lesson.id
}

export async function createEnrollment(payload: Payload, tenantId: string, userId: string, courseId: string) {
  const enrollment = await payload.create({
    collection: 'enrollments',
    data: { tenant: tenantId, user: userId, course: courseId },
    overrideAccess: true,
  })
  return enrollment.id
}

/** A published course with one section and one lesson, and `userId` enrolled in it. */
export async function createEnrolledLesson(payload: Payload, tenantId: string, userId: string) {
  const course = await createCourse(payload, tenantId, true)
  const section = await createSection(payload, tenantId, course)
  const lesson = await createLesson(payload, tenantId, section)
  await createEnrollment(payload, tenantId, userId, course)
  return { course, section, lesson }
}

export async function createProgress(payload: Payload, tenantId: string, userId: string, lessonId: string) {
  const progress = await payload.create({
    collection: 'lesson-progress',
    data: { tenant: tenantId, user: userId, lesson: lessonId },
    overrideAccess: true,
  })
  return progress.id
}

/** `userId`'s open report of `lessonId` (reason `other`). */
export async function createReport(payload: Payload, tenantId: string, userId: string, lessonId: string) {
  const report = await payload.create({
    collection: 'reports',
    data: {
      tenant: tenantId,
      reporter: userId,
      itemType: 'lesson',
      lesson: lessonId,
      reason: 'other',
      status: 'open',
    },
    overrideAccess: true,
  })
  return report.id
}

export async function createQuiz(payload: Payload, tenantId: string, sectionId: string) {
  const quiz = await payload.create({
    collection: 'quizzes',
    data: {
      tenant: tenantId,
      section: sectionId,
      title: unique('quiz'),
      passingScore: 50,
      questions: [
        {
          prompt: 'Pick the right one',
          kind: 'single',
          options: [
            { text: 'Right', correct: true },
            { text: 'Wrong', correct: false },
          ],
        },
      ],
    },
    overrideAccess: true,
  })
  return quiz.id
}

/** A quiz in a fresh published course `userId` is enrolled in, and an (empty, failed) attempt at it. */
export async function createQuizAttempt(payload: Payload, tenantId: string, userId: string) {
  const { section } = await createEnrolledLesson(payload, tenantId, userId)
  const quiz = await createQuiz(payload, tenantId, section)
  const attempt = await payload.create({
    collection: 'quiz-attempts',
    data: { tenant: tenantId, user: userId, quiz, answers: {} },
    overrideAccess: true,
  })
  return attempt.id
}

/** A fresh published course of one lesson that `userId` completed (so a certificate may be issued). */
export async function createCompletedCourse(payload: Payload, tenantId: string, userId: string) {
  const { course, lesson } = await createEnrolledLesson(payload, tenantId, userId)
  await payload.create({
    collection: 'lesson-progress',
    data: { tenant: tenantId, user: userId, lesson, completedAt: new Date().toISOString() },
    overrideAccess: true,
  })
  return course
}

export async function createCertificate(payload: Payload, tenantId: string, userId: string) {
  const course = await createCompletedCourse(payload, tenantId, userId)
  const certificate = await payload.create({
    collection: 'certificates',
    data: { tenant: tenantId, user: userId, course },
    overrideAccess: true,
  })
  return certificate.id
}

export async function createInvitation(payload: Payload, tenantId: string) {
  const invitation = await payload.create({
    collection: 'invitations',
    data: {
      tenant: tenantId,
      email: `${unique('invitee')}@example.com`,
      role: 'learner',
      tokenHash: createHash('sha256').update(unique('token')).digest('hex'),
    },
    overrideAccess: true,
  })
  return invitation.id
}

export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

export async function createMedia(payload: Payload, tenantId: string) {
  const name = `${unique('file')}.png`
  const media = await payload.create({
    collection: 'media',
    data: { tenant: tenantId, alt: name },
    file: { data: TINY_PNG, mimetype: 'image/png', name, size: TINY_PNG.length },
    overrideAccess: true,
  })
  return media.id
}

export async function createTenant(payload: Payload, planId: string | null = null) {
  const slug = unique('school').toLowerCase()
  const tenant = await payload.create({
    collection: 'tenants',
    data: { name: slug, slug, status: 'active', locale: 'en', plan: planId },
    overrideAccess: true,
  })
  return tenant.id
}

export async function createPlan(payload: Payload) {
  const code = unique('plan')
  const plan = await payload.create({
    collection: 'plans',
    data: {
      code,
      name: code,
      priceMinor: 1000,
      currency: 'EUR',
      interval: 'month',
      trialDays: 14,
      // Room for every member and invitation the matrices create: the cms enforces seats.
      limits: { seats: 1000, storageBytes: 10_000_000, courses: 10 },
    },
    overrideAccess: true,
  })
  return plan.id
}

/** A hub signup code row about `user` (a hash only; expires in 10 minutes). */
export async function createEmailChallenge(payload: Payload, user: string): Promise<string> {
  const doc = await payload.create({
    collection: 'email-challenges',
    data: {
      email: `${unique('code')}@example.com`,
      purpose: 'signup',
      secretHash: unique('hash'),
      user,
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      attempts: 0,
    },
    overrideAccess: true,
  })
  return doc.id
}

/** A hub session row of `user` (a token hash only; expires in a day). */
export async function createAccountSession(payload: Payload, user: string): Promise<string> {
  const doc = await payload.create({
    collection: 'account-sessions',
    data: { user, tokenHash: unique('token'), expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    overrideAccess: true,
  })
  return doc.id
}

async function buildTenant(payload: Payload, planId: string): Promise<Targets> {
  const tenant = await createTenant(payload, planId)
  const member = await createMember(payload, tenant, 'learner')
  const publishedCourse = await createCourse(payload, tenant, true)
  const draftCourse = await createCourse(payload, tenant, false)
  const section = await createSection(payload, tenant, publishedCourse)
  const lesson = await createLesson(payload, tenant, section)
  const memberEnrollment = await createEnrollment(payload, tenant, member.id, publishedCourse)
  const memberProgress = await createProgress(payload, tenant, member.id, lesson)
  const media = await createMedia(payload, tenant)
  const quiz = await createQuiz(payload, tenant, section)
  const memberQuizAttempt = await createQuizAttempt(payload, tenant, member.id)
  const memberCertificate = await createCertificate(payload, tenant, member.id)
  const memberReport = await createReport(payload, tenant, member.id, lesson)
  const invitation = await createInvitation(payload, tenant)
  const subscription = await payload.create({
    collection: 'subscriptions',
    data: { tenant, provider: 'sandbox', status: 'active', providerSubscriptionId: unique('sub') },
    overrideAccess: true,
  })
  const billingEvent = await payload.create({
    collection: 'billing-events',
    data: {
      provider: 'sandbox',
      eventId: unique('evt'),
      type: 'customer.subscription.updated',
      occurredAt: new Date().toISOString(),
      tenant,
      payload: { id: 'evt' },
      outcome: 'pending',
    },
    overrideAccess: true,
  })
  const provisioningRun = await payload.create({
    collection: 'provisioning-runs',
    data: { tenant, action: 'provision', status: 'succeeded', attempts: 1 },
    overrideAccess: true,
  })
  const audit = await payload.create({
    collection: 'audit-log',
    data: {
      actor: 'system',
      tenant,
      action: 'test.fixture',
      target: `tenants:${tenant}`,
      at: new Date().toISOString(),
    },
    overrideAccess: true,
  })
  const emailChallenge = await createEmailChallenge(payload, member.id)
  const accountSession = await createAccountSession(payload, member.id)
  const key = await createKey(payload, 'tenant', tenant)
  return {
    tenant,
    plan: planId,
    publishedCourse,
    draftCourse,
    section,
    lesson,
    member: member.id,
    memberEnrollment,
    memberProgress,
    quiz,
    memberQuizAttempt,
    memberCertificate,
    memberReport,
    invitation,
    media,
    subscription: subscription.id,
    billingEvent: billingEvent.id,
    provisioningRun: provisioningRun.id,
    audit: audit.id,
    emailChallenge,
    accountSession,
    key: key.id,
  }
}

/** Builds the two-school world on a fresh cms database. */
export async function buildWorld(payload: Payload): Promise<World> {
  const plan = await createPlan(payload)
  const A = await buildTenant(payload, plan)
  const B = await buildTenant(payload, plan)
  const login = async (member: { id: string; email: string }): Promise<Credential> => {
    const { token } = await payload.login({
      collection: 'users',
      data: { email: member.email, password: PASSWORD },
    })
    if (!token) throw new Error(`no token for ${member.email}`)
    return { kind: 'user', id: member.id, email: member.email, token }
  }
  const keyA = await createKey(payload, 'tenant', A.tenant)
  const platformKey = await createKey(payload, 'platform', null)
  const credentials: Record<Role, Credential> = {
    anonymous: { kind: 'none' },
    learnerA: await login(await createMember(payload, A.tenant, 'learner')),
    instructorA: await login(await createMember(payload, A.tenant, 'instructor')),
    adminA: await login(await createMember(payload, A.tenant, 'admin')),
    adminB: await login(await createMember(payload, B.tenant, 'admin')),
    keyA: { kind: 'key', ...keyA },
    platformKey: { kind: 'key', ...platformKey },
    superAdmin: await login(await createMember(payload, null, 'learner', { platformRole: 'super-admin' })),
  }
  return {
    payload,
    tenants: { A, B },
    credentials,
    async localUser(role) {
      const credential = credentials[role]
      if (credential.kind === 'none') return undefined
      const collection = credential.kind === 'user' ? 'users' : 'service-keys'
      const doc = await payload.findByID({ collection, id: credential.id, depth: 0, overrideAccess: true })
      return { ...doc, collection }
    },
    authHeader(role): Record<string, string> {
      const credential = credentials[role]
      if (credential.kind === 'user') return { authorization: `JWT ${credential.token}` }
      if (credential.kind === 'key') return { authorization: `service-keys API-Key ${credential.apiKey}` }
      return {}
    },
  }
}
