import type { CollectionConfig } from 'payload'
import { docAccessEndpoint } from '../endpoints/docAccess.ts'
import { AccountSessions } from './AccountSessions/index.ts'
import { AuditLog } from './AuditLog/index.ts'
import { BillingEvents } from './BillingEvents/index.ts'
import { Certificates } from './Certificates/index.ts'
import { Courses } from './Courses/index.ts'
import { EmailChallenges } from './EmailChallenges/index.ts'
import { Enrollments } from './Enrollments/index.ts'
import { Invitations } from './Invitations/index.ts'
import { LessonProgress } from './LessonProgress/index.ts'
import { Lessons } from './Lessons/index.ts'
import { Media } from './Media/index.ts'
import { Plans } from './Plans/index.ts'
import { ProvisioningRuns } from './ProvisioningRuns/index.ts'
import { QuizAttempts } from './QuizAttempts/index.ts'
import { Quizzes } from './Quizzes/index.ts'
import { Reports } from './Reports/index.ts'
import { Sections } from './Sections/index.ts'
import { ServiceKeys } from './ServiceKeys/index.ts'
import { Subscriptions } from './Subscriptions/index.ts'
import { Tenants } from './Tenants/index.ts'
import { Users } from './Users/index.ts'

/** Every collection answers permission requests for another school's id like for a missing id. */
const withDocAccessEndpoint = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  endpoints: [docAccessEndpoint, ...(collection.endpoints || [])],
})

export const collections = [
  Users,
  ServiceKeys,
  Tenants,
  Plans,
  Subscriptions,
  BillingEvents,
  ProvisioningRuns,
  AuditLog,
  EmailChallenges,
  AccountSessions,
  Courses,
  Sections,
  Lessons,
  Enrollments,
  LessonProgress,
  Quizzes,
  QuizAttempts,
  Certificates,
  Invitations,
  Media,
  Reports,
].map(withDocAccessEndpoint)

/** Collections whose documents belong to one tenant; the multi-tenant plugin adds their `tenant` field. */
export const TENANT_SCOPED = [
  'subscriptions',
  'courses',
  'sections',
  'lessons',
  'enrollments',
  'lesson-progress',
  'quizzes',
  'quiz-attempts',
  'certificates',
  'invitations',
  'media',
  'reports',
] as const
