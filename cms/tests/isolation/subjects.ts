import { randomUUID } from 'node:crypto'
import type { CollectionSlug, Payload } from 'payload'
import {
  createAccountSession,
  createCertificate,
  createCompletedCourse,
  createCourse,
  createEmailChallenge,
  createEnrolledLesson,
  createEnrollment,
  createInvitation,
  createKey,
  createLesson,
  createMedia,
  createMember,
  createPlan,
  createProgress,
  createQuiz,
  createQuizAttempt,
  createReport,
  createSection,
  createTenant,
  HOME,
  PASSWORD,
  type Role,
  type Targets,
  type TenantKey,
  TINY_PNG,
  unique,
  type World,
} from '../support/world.ts'
import type { Subject } from './table.ts'

export type CreateInput = {
  data: Record<string, unknown>
  file?: { data: Buffer; mimetype: string; name: string; size: number }
}

/** How the matrix exercises one subject: its collection, its targets, and valid inputs. */
export type SubjectDef = {
  collection: CollectionSlug
  /** The stable document read and updated by the cells. */
  target(t: Targets): string
  /** A fresh document of the same kind, for delete cells. */
  disposable(world: World, tenant: TenantKey): Promise<string>
  /** Valid data for a create into `tenant` by `role`. */
  createInput(world: World, tenant: TenantKey, role: Role): Promise<CreateInput>
  /**
   * The field an update sets, a fresh value for it, and `extra` fields to send along (Payload's
   * GraphQL update input wrongly requires `required` groups, such as a plan's limits).
   */
  update(): { field: string; value: unknown; extra?: Record<string, unknown> }
}

/** The user a record of `role` is about: itself when it belongs to the school, else the school's learner. */
function recordOwner(world: World, tenant: TenantKey, role: Role): string {
  const credential = world.credentials[role]
  if (credential.kind === 'user' && HOME[role] === tenant) return credential.id
  return world.tenants[tenant].member
}

const text = (field: string) => () => ({ field, value: unique(field) })

/*
 * Numbers written by update probes must differ from the value already stored, or a refused write
 * would look like a success (a random value does so about once in a hundred cells). Counters give
 * a fresh value each call: scores run 1…100 (never the 0 a fresh, unanswered attempt holds), and
 * positions only grow.
 */
let scoreCounter = 0
const nextScore = () => {
  scoreCounter = (scoreCounter % 100) + 1
  return scoreCounter
}
let positionCounter = 0
const nextPosition = () => {
  positionCounter += 1
  return positionCounter
}

export function subjects(payload: Payload): Record<Subject, SubjectDef> {
  const courseLike = (published: boolean): SubjectDef => ({
    collection: 'courses',
    target: (t) => (published ? t.publishedCourse : t.draftCourse),
    disposable: (w, k) => createCourse(payload, w.tenants[k].tenant, published),
    createInput: async (w, k) => {
      const slug = unique('new-course')
      return { data: { tenant: w.tenants[k].tenant, title: slug, slug, published } }
    },
    update: text('summary'),
  })
  return {
    tenants: {
      collection: 'tenants',
      target: (t) => t.tenant,
      disposable: () => createTenant(payload),
      createInput: async () => {
        const slug = unique('new-school').toLowerCase()
        // status and locale have defaults, but Payload's GraphQL input still requires them.
        return { data: { name: slug, slug, status: 'pending', locale: 'en' } }
      },
      update: text('name'),
    },
    users: {
      collection: 'users',
      target: (t) => t.member,
      disposable: async (w, k) => (await createMember(payload, w.tenants[k].tenant, 'learner')).id,
      createInput: async (w, k) => ({
        data: {
          email: `${unique('new-user')}@example.com`,
          password: PASSWORD,
          memberships: [{ tenant: w.tenants[k].tenant, role: 'learner' }],
        },
      }),
      update: text('name'),
    },
    'service-keys': {
      collection: 'service-keys',
      target: (t) => t.key,
      disposable: async (w, k) => (await createKey(payload, 'tenant', w.tenants[k].tenant)).id,
      createInput: async (w, k) => ({
        data: {
          name: unique('new-key'),
          kind: 'tenant',
          tenant: w.tenants[k].tenant,
          enableAPIKey: true,
          apiKey: randomUUID(),
        },
      }),
      update: text('name'),
    },
    plans: {
      collection: 'plans',
      target: (t) => t.plan,
      disposable: () => createPlan(payload),
      createInput: async () => {
        const code = unique('new-plan')
        return {
          data: {
            code,
            name: code,
            priceMinor: 500,
            currency: 'EUR',
            interval: 'month',
            trialDays: 0,
            limits: { seats: 5, storageBytes: 1000, courses: 1 },
          },
        }
      },
      update: () => ({
        field: 'name',
        value: unique('name'),
        // The world's own limits (support/world.ts createPlan): the cms enforces seats.
        extra: { limits: { seats: 1000, storageBytes: 10_000_000, courses: 10 } },
      }),
    },
    subscriptions: {
      collection: 'subscriptions',
      target: (t) => t.subscription,
      disposable: async (w, k) =>
        (
          await payload.create({
            collection: 'subscriptions',
            data: { tenant: w.tenants[k].tenant, provider: 'sandbox', status: 'active' },
            overrideAccess: true,
          })
        ).id,
      createInput: async (w, k) => ({
        data: { tenant: w.tenants[k].tenant, provider: 'stripe', status: 'incomplete' },
      }),
      update: text('providerCustomerId'),
    },
    'billing-events': {
      collection: 'billing-events',
      target: (t) => t.billingEvent,
      disposable: async (w, k) =>
        (
          await payload.create({
            collection: 'billing-events',
            data: {
              provider: 'stripe',
              eventId: unique('evt'),
              type: 'invoice.paid',
              occurredAt: new Date().toISOString(),
              tenant: w.tenants[k].tenant,
              payload: {},
              outcome: 'pending',
            },
            overrideAccess: true,
          })
        ).id,
      createInput: async (w, k) => ({
        data: {
          provider: 'stripe',
          eventId: unique('evt'),
          type: 'invoice.paid',
          occurredAt: new Date().toISOString(),
          tenant: w.tenants[k].tenant,
          payload: { id: 'evt' },
          outcome: 'pending',
        },
      }),
      update: text('error'),
    },
    'provisioning-runs': {
      collection: 'provisioning-runs',
      target: (t) => t.provisioningRun,
      disposable: async (w, k) =>
        (
          await payload.create({
            collection: 'provisioning-runs',
            data: { tenant: w.tenants[k].tenant, action: 'suspend', status: 'queued', attempts: 0 },
            overrideAccess: true,
          })
        ).id,
      createInput: async (w, k) => ({
        data: { tenant: w.tenants[k].tenant, action: 'resume', status: 'queued', attempts: 0 },
      }),
      update: text('currentStep'),
    },
    'audit-log': {
      collection: 'audit-log',
      target: (t) => t.audit,
      disposable: async (w, k) =>
        (
          await payload.create({
            collection: 'audit-log',
            data: {
              actor: 'system',
              tenant: w.tenants[k].tenant,
              action: 'x',
              target: 'x:1',
              at: new Date().toISOString(),
            },
            overrideAccess: true,
          })
        ).id,
      createInput: async (w, k) => ({
        data: {
          actor: 'system',
          tenant: w.tenants[k].tenant,
          action: 'test',
          target: 'x:1',
          at: new Date().toISOString(),
        },
      }),
      update: text('action'),
    },
    'email-challenges': {
      collection: 'email-challenges',
      target: (t) => t.emailChallenge,
      disposable: (w, k) => createEmailChallenge(payload, w.tenants[k].member),
      createInput: async (w, k) => ({
        data: {
          email: `${unique('code')}@example.com`,
          purpose: 'reset',
          secretHash: unique('hash'),
          user: w.tenants[k].member,
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
          attempts: 0,
        },
      }),
      update: text('secretHash'),
    },
    'account-sessions': {
      collection: 'account-sessions',
      target: (t) => t.accountSession,
      disposable: (w, k) => createAccountSession(payload, w.tenants[k].member),
      createInput: async (w, k) => ({
        data: {
          user: w.tenants[k].member,
          tokenHash: unique('token'),
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
      update: text('tokenHash'),
    },
    courses: courseLike(true),
    'courses:draft': courseLike(false),
    sections: {
      collection: 'sections',
      target: (t) => t.section,
      disposable: (w, k) => createSection(payload, w.tenants[k].tenant, w.tenants[k].publishedCourse),
      createInput: async (w, k) => ({
        data: {
          tenant: w.tenants[k].tenant,
          course: w.tenants[k].publishedCourse,
          title: unique('new-section'),
          order: 1,
        },
      }),
      update: text('title'),
    },
    lessons: {
      collection: 'lessons',
      target: (t) => t.lesson,
      disposable: (w, k) => createLesson(payload, w.tenants[k].tenant, w.tenants[k].section),
      createInput: async (w, k) => {
        const slug = unique('new-lesson')
        return {
          data: {
            tenant: w.tenants[k].tenant,
            section: w.tenants[k].section,
            title: slug,
            slug,
            durationSeconds: 30,
            order: 1,
          },
        }
      },
      update: text('title'),
    },
    enrollments: {
      collection: 'enrollments',
      target: (t) => t.memberEnrollment,
      disposable: async (w, k) => {
        const course = await createCourse(payload, w.tenants[k].tenant, true)
        return createEnrollment(payload, w.tenants[k].tenant, w.tenants[k].member, course)
      },
      createInput: async (w, k, role) => {
        const course = await createCourse(payload, w.tenants[k].tenant, true)
        return { data: { tenant: w.tenants[k].tenant, user: recordOwner(w, k, role), course } }
      },
      update: () => ({
        field: 'completedAt',
        value: new Date(Date.now() - Math.floor(Math.random() * 1e9)).toISOString(),
      }),
    },
    'lesson-progress': {
      collection: 'lesson-progress',
      target: (t) => t.memberProgress,
      disposable: async (w, k) => {
        const { lesson } = await createEnrolledLesson(payload, w.tenants[k].tenant, w.tenants[k].member)
        return createProgress(payload, w.tenants[k].tenant, w.tenants[k].member, lesson)
      },
      createInput: async (w, k, role) => {
        const user = recordOwner(w, k, role)
        const { lesson } = await createEnrolledLesson(payload, w.tenants[k].tenant, user)
        return { data: { tenant: w.tenants[k].tenant, user, lesson } }
      },
      update: () => ({ field: 'positionSeconds', value: nextPosition() }),
    },
    quizzes: {
      collection: 'quizzes',
      target: (t) => t.quiz,
      disposable: (w, k) => createQuiz(payload, w.tenants[k].tenant, w.tenants[k].section),
      createInput: async (w, k) => ({
        data: {
          tenant: w.tenants[k].tenant,
          section: w.tenants[k].section,
          title: unique('new-quiz'),
          passingScore: 60,
          questions: [
            {
              prompt: 'Which?',
              kind: 'multiple',
              options: [
                { text: 'A', correct: true },
                { text: 'B', correct: true },
              ],
            },
          ],
        },
      }),
      update: text('title'),
    },
    'quiz-attempts': {
      collection: 'quiz-attempts',
      target: (t) => t.memberQuizAttempt,
      disposable: (w, k) => createQuizAttempt(payload, w.tenants[k].tenant, w.tenants[k].member),
      createInput: async (w, k, role) => {
        const user = recordOwner(w, k, role)
        const { section } = await createEnrolledLesson(payload, w.tenants[k].tenant, user)
        const quiz = await createQuiz(payload, w.tenants[k].tenant, section)
        return { data: { tenant: w.tenants[k].tenant, user, quiz, answers: {} } }
      },
      update: () => ({ field: 'score', value: nextScore() }),
    },
    certificates: {
      collection: 'certificates',
      target: (t) => t.memberCertificate,
      disposable: (w, k) => createCertificate(payload, w.tenants[k].tenant, w.tenants[k].member),
      createInput: async (w, k, role) => {
        const user = recordOwner(w, k, role)
        const course = await createCompletedCourse(payload, w.tenants[k].tenant, user)
        return { data: { tenant: w.tenants[k].tenant, user, course } }
      },
      update: text('learnerName'),
    },
    invitations: {
      collection: 'invitations',
      target: (t) => t.invitation,
      disposable: (w, k) => createInvitation(payload, w.tenants[k].tenant),
      createInput: async (w, k) => ({
        data: {
          tenant: w.tenants[k].tenant,
          email: `${unique('invitee')}@example.com`,
          // Required in GraphQL's create input (a required field with a default is still non-null there).
          role: 'learner',
          tokenHash: randomUUID().replaceAll('-', '').repeat(2),
        },
      }),
      update: () => ({ field: 'email', value: `${unique('fixed')}@example.com` }),
    },
    reports: {
      collection: 'reports',
      target: (t) => t.memberReport,
      disposable: async (w, k) => {
        const lesson = await createLesson(payload, w.tenants[k].tenant, w.tenants[k].section)
        return createReport(payload, w.tenants[k].tenant, w.tenants[k].member, lesson)
      },
      createInput: async (w, k, role) => {
        // A fresh lesson of a published course each time: one report per reporter and item.
        const lesson = await createLesson(payload, w.tenants[k].tenant, w.tenants[k].section)
        const reporter = recordOwner(w, k, role)
        // `status` is required in GraphQL's input; the cms files members' reports as open anyway.
        return {
          data: {
            tenant: w.tenants[k].tenant,
            reporter,
            itemType: 'lesson',
            lesson,
            reason: 'spam',
            status: 'open',
          },
        }
      },
      // What was reported never changes; the decision does (the platform's alone).
      update: () => ({
        field: 'decidedAt',
        value: new Date(Date.now() - Math.floor(Math.random() * 1e9)).toISOString(),
      }),
    },
    media: {
      collection: 'media',
      target: (t) => t.media,
      disposable: (w, k) => createMedia(payload, w.tenants[k].tenant),
      createInput: async (w, k) => {
        const name = `${unique('upload')}.png`
        return {
          data: { tenant: w.tenants[k].tenant, alt: name },
          file: { data: TINY_PNG, mimetype: 'image/png', name, size: TINY_PNG.length },
        }
      },
      update: text('alt'),
    },
  }
}
