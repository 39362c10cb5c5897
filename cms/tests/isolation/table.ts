import type { Role } from '../support/world.ts'

/**
 * THE ISOLATION TABLE: what each role may do to a document of each collection, in its own
 * school and in the other school.
 *
 * Each cell is 8 letters, one per operation, in this order:
 *
 *     C create · F find · I findByID · N count · U update by id · B bulk update (where)
 *     D delete by id · X bulk delete (where)
 *
 *   Y  it happens: the document is created / listed / returned / counted / changed / deleted
 *   -  it does not: refused, or the document is invisible (404, absent from lists, count 0),
 *      and the database is unchanged
 *
 * `own` is school A for A's roles, anonymous and the platform; school B for adminB. `foreign`
 * is the other school. The target documents are those of tests/support/world.ts:
 *  - tenants: the school itself (deletes use a fresh school with no members)
 *  - users: a learner of the school who is none of the roles below
 *  - plans: a plan shared by both schools (plans are platform-wide, so own = foreign)
 *  - courses: a published course; courses:draft an unpublished one
 *  - enrollments, lesson-progress, quiz-attempts, certificates, reports: that learner's records
 *  - every other collection: a document of that school
 * Deletes always act on a fresh document of the same kind, so the other cells keep their target.
 */
export const OPS = [
  'create',
  'find',
  'findByID',
  'count',
  'update',
  'bulkUpdate',
  'delete',
  'bulkDelete',
] as const
export type Op = (typeof OPS)[number]

export const SUBJECTS = [
  'tenants',
  'users',
  'service-keys',
  'plans',
  'subscriptions',
  'billing-events',
  'provisioning-runs',
  'audit-log',
  'email-challenges',
  'account-sessions',
  'courses',
  'courses:draft',
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
export type Subject = (typeof SUBJECTS)[number]

type Cells = Record<Role, readonly [own: string, foreign: string]>

const NONE = '--------'
const ALL = 'YYYYYYYY'
/** Read-only: find, findByID, count. */
const READ = '-YYY----'

const platformEverything = { platformKey: [ALL, ALL], superAdmin: [ALL, ALL] } as const
const onlyPlatform: Cells = {
  anonymous: [NONE, NONE],
  learnerA: [NONE, NONE],
  instructorA: [NONE, NONE],
  adminA: [NONE, NONE],
  adminB: [NONE, NONE],
  keyA: [NONE, NONE],
  ...platformEverything,
}

export const EXPECTED: Record<Subject, Cells> = {
  //              own          foreign
  tenants: {
    anonymous: [NONE, NONE],
    learnerA: [READ, NONE],
    instructorA: [READ, NONE],
    adminA: ['-YYYYY--', NONE], // admins edit their school's name, locale, branding
    adminB: ['-YYYYY--', NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  users: {
    anonymous: [NONE, NONE],
    learnerA: [NONE, NONE], // learners see only themselves
    instructorA: [READ, NONE], // instructors see their school's roster
    adminA: ['YYYY----', NONE], // admins invite; only the member edits their own profile
    adminB: ['YYYY----', NONE],
    keyA: ['YYYY----', NONE], // self-signup and invitations create learners of the key's school
    ...platformEverything,
  },
  'service-keys': onlyPlatform,
  plans: {
    anonymous: [READ, READ], // the public pricing page
    learnerA: [READ, READ],
    instructorA: [READ, READ],
    adminA: [READ, READ],
    adminB: [READ, READ],
    keyA: [READ, READ],
    ...platformEverything,
  },
  subscriptions: {
    anonymous: [NONE, NONE],
    learnerA: [NONE, NONE],
    instructorA: [NONE, NONE],
    adminA: [READ, NONE], // the school's own plan and renewal
    adminB: [READ, NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
  'billing-events': onlyPlatform,
  'provisioning-runs': onlyPlatform,
  'email-challenges': onlyPlatform, // hashed signup codes and reset tokens: the hub's alone
  'account-sessions': onlyPlatform, // hashed hub session tokens
  'audit-log': {
    anonymous: [NONE, NONE],
    learnerA: [NONE, NONE],
    instructorA: [NONE, NONE],
    adminA: [READ, NONE],
    adminB: [READ, NONE],
    keyA: [NONE, NONE],
    platformKey: ['YYYY----', 'YYYY----'], // append-only, even for the platform
    superAdmin: ['YYYY----', 'YYYY----'],
  },
  courses: {
    anonymous: [READ, READ], // published courses are a school's public catalog
    learnerA: [READ, NONE],
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  'courses:draft': {
    anonymous: [NONE, NONE],
    learnerA: [NONE, NONE],
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
  sections: {
    anonymous: [NONE, NONE],
    learnerA: [READ, NONE],
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  lessons: {
    anonymous: [NONE, NONE],
    learnerA: [READ, NONE],
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  enrollments: {
    anonymous: [NONE, NONE],
    learnerA: ['Y-------', NONE], // enrolls themselves; another learner's enrollment is invisible
    instructorA: ['YYYYYY--', NONE], // only admins unenroll
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
  'lesson-progress': {
    anonymous: [NONE, NONE],
    learnerA: ['Y-------', NONE], // records their own progress only
    instructorA: ['YYYY--YY', NONE], // staff read and reset progress, never write a learner's
    adminA: ['YYYY--YY', NONE],
    adminB: ['YYYY--YY', NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
  quizzes: {
    anonymous: [NONE, NONE],
    learnerA: [READ, NONE], // published quizzes, without which options are correct
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  'quiz-attempts': {
    anonymous: [NONE, NONE],
    learnerA: ['Y-------', NONE], // submits their own (graded by the cms); another's is invisible
    instructorA: ['YYYY--YY', NONE], // staff read and reset attempts; nobody but the platform edits one
    adminA: ['YYYY--YY', NONE],
    adminB: ['YYYY--YY', NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
  certificates: {
    anonymous: [NONE, NONE],
    learnerA: ['Y-------', NONE], // claims their own (the cms checks completion)
    instructorA: ['YYYY----', NONE],
    adminA: ['YYYY--YY', NONE], // admins revoke
    adminB: ['YYYY--YY', NONE],
    keyA: [READ, NONE], // the school's public verification page
    ...platformEverything,
  },
  invitations: {
    anonymous: [NONE, NONE],
    learnerA: [NONE, NONE],
    instructorA: [NONE, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: ['-YYYYY--', NONE], // the school's site looks invitations up and marks them accepted
    ...platformEverything,
  },
  media: {
    anonymous: [NONE, NONE],
    learnerA: [READ, NONE],
    instructorA: [ALL, NONE],
    adminA: [ALL, NONE],
    adminB: [ALL, NONE],
    keyA: [READ, NONE],
    ...platformEverything,
  },
  reports: {
    anonymous: [NONE, NONE],
    learnerA: ['Y-------', NONE], // reports for themselves; another member's report is invisible
    instructorA: ['Y-------', NONE], // staff report like any member and read only their own
    adminA: ['Y-------', NONE], // the school does not see who reported it: the platform decides
    adminB: ['Y-------', NONE],
    keyA: [NONE, NONE],
    ...platformEverything,
  },
}

/** Collections whose documents belong to a school; plans are platform-wide. */
export const TENANT_BOUND: ReadonlySet<Subject> = new Set(SUBJECTS.filter((s) => s !== 'plans'))
