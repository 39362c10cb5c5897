import { isCmsError } from '@lyceum/cms-client'
import { CONTENT_STALE, CONTENT_TTL_MS, type CourseOutline, loadCourse } from './catalog.ts'
import { cms, type School } from './cms.ts'
import { type EnrollmentRef, findEnrollment } from './learning.ts'
import { type Member, memberCms } from './session.ts'
import { shared } from './shared-cache.ts'

/**
 * Quizzes at the end of sections, and certificates. The quiz is read with the tenant key (the
 * player never sends which options are correct to the browser); attempts are created with the
 * member's session and graded by the cms (decision 042), certificates likewise.
 */

export type QuizOption = { id: string; text: string }
export type QuizQuestion = {
  id: string
  prompt: string
  kind: 'single' | 'multiple'
  options: QuizOption[]
  explanation: string
}
export type QuizPage = {
  id: string
  title: string
  sectionId: string
  passingScore: number
  questions: QuizQuestion[]
}

/** A graded attempt, as the cms stored it. */
export type AttemptView = {
  id: string
  score: number
  passed: boolean
  /** Question id → answered right. */
  results: Record<string, boolean>
  /** Question id → chosen option ids. */
  answers: Record<string, string[]>
  createdAt: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A quiz id from the URL (the cms's ids are UUIDs), or null. */
export function parseQuizId(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
  return UUID.test(raw) ? raw : null
}

/** The path of a quiz in the player. */
export function quizHref(courseSlug: string, quizId: string): string {
  return `/courses/${encodeURIComponent(courseSlug)}/quizzes/${encodeURIComponent(quizId)}`
}

/** The quiz `quizId` of the course, with the tenant key; null when missing or another course's. */
export async function loadQuiz(school: School, courseId: string, quizId: string): Promise<QuizPage | null> {
  const { docs } = await cms().find('quizzes', {
    where: {
      and: [{ tenant: { equals: school.id } }, { course: { equals: courseId } }, { id: { equals: quizId } }],
    },
    limit: 1,
  })
  const quiz = docs[0]
  if (!quiz) return null
  return {
    id: quiz.id,
    title: quiz.title,
    sectionId: typeof quiz.section === 'string' ? quiz.section : quiz.section.id,
    passingScore: quiz.passingScore,
    questions: (quiz.questions ?? []).map((q) => ({
      id: q.id ?? '',
      prompt: q.prompt,
      kind: q.kind,
      options: q.options.map((o) => ({ id: o.id ?? '', text: o.text })),
      explanation: q.explanation ?? '',
    })),
  }
}

/**
 * The quizzes of a course (id, title, section), in creation order; kept for
 * {@link CONTENT_TTL_MS} in the instance's shared cache.
 */
export function courseQuizzes(
  school: School,
  courseId: string,
): Promise<Array<{ id: string; title: string; sectionId: string }>> {
  return shared(`quizzes:${courseId}`, CONTENT_TTL_MS, () => readCourseQuizzes(school, courseId), {
    stale: CONTENT_STALE,
  })
}

async function readCourseQuizzes(
  school: School,
  courseId: string,
): Promise<Array<{ id: string; title: string; sectionId: string }>> {
  const { docs } = await cms().find('quizzes', {
    where: { and: [{ tenant: { equals: school.id } }, { course: { equals: courseId } }] },
    sort: 'createdAt',
    limit: 0,
    select: { title: true, section: true },
  })
  return docs.map((q) => ({
    id: q.id,
    title: q.title ?? '',
    sectionId: typeof q.section === 'string' ? q.section : (q.section?.id ?? ''),
  }))
}

function asAnswers(value: unknown): Record<string, string[]> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string')
  }
  return out
}

function asResults(value: unknown): Record<string, boolean> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === true]))
}

/** The member's attempts at the quizzes of a course, newest first. */
export async function myAttempts(
  member: Member,
  school: School,
  courseId: string,
): Promise<Array<AttemptView & { quizId: string }>> {
  const { docs } = await memberCms(member).find('quiz-attempts', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { user: { equals: member.id } },
        { course: { equals: courseId } },
      ],
    },
    sort: '-createdAt',
    limit: 0,
  })
  return docs.map((a) => ({
    id: a.id,
    quizId: typeof a.quiz === 'string' ? a.quiz : a.quiz.id,
    score: a.score ?? 0,
    passed: a.passed === true,
    results: asResults(a.results),
    answers: asAnswers(a.answers),
    createdAt: a.createdAt,
  }))
}

/** Ids of the quizzes the member passed in a course. */
export async function passedQuizzes(member: Member, school: School, courseId: string): Promise<Set<string>> {
  const attempts = await myAttempts(member, school, courseId)
  return new Set(attempts.filter((a) => a.passed).map((a) => a.quizId))
}

export type QuizAccess = { course: CourseOutline; quiz: QuizPage; enrollment: EnrollmentRef }

/** The quiz when the member may take it (enrolled in its published course here), else null. */
export async function quizAccess(
  school: School,
  member: Member | null,
  courseSlug: string,
  quizId: string,
): Promise<QuizAccess | null> {
  if (!member) return null
  const course = await loadCourse(school, courseSlug)
  if (!course) return null
  const [quiz, enrollment] = await Promise.all([
    loadQuiz(school, course.id, quizId),
    findEnrollment(member, school, course.id),
  ])
  if (!quiz || !enrollment) return null
  return { course, quiz, enrollment }
}

/**
 * The submitted form as the cms's `answers`: for each question, the option ids chosen (form
 * fields named `q:<questionId>`), keeping only ids of the quiz, one for single choice.
 */
export function answersFromForm(quiz: QuizPage, form: FormData): Record<string, string[]> {
  const answers: Record<string, string[]> = {}
  for (const question of quiz.questions) {
    const known = new Set(question.options.map((o) => o.id))
    const chosen = [
      ...new Set(
        form.getAll(`q:${question.id}`).filter((v): v is string => typeof v === 'string' && known.has(v)),
      ),
    ]
    if (chosen.length === 0) continue
    answers[question.id] = question.kind === 'single' ? chosen.slice(0, 1) : chosen
  }
  return answers
}

/** Submits an attempt as the member; the cms grades it. @returns the attempt's id. */
export async function submitAttempt(
  member: Member,
  school: School,
  quiz: QuizPage,
  answers: Record<string, string[]>,
): Promise<string> {
  const doc = await memberCms(member).create('quiz-attempts', {
    tenant: school.id,
    user: member.id,
    quiz: quiz.id,
    answers,
  })
  return doc.id
}

/** A certificate as its public page shows it. */
export type CertificateView = {
  code: string
  learnerName: string
  courseTitle: string
  issuedAt: string
  courseId: string
}

const CODE = /^LYC-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/

/** A verification code from the URL (upper-cased), or null when it cannot be one. */
export function parseCertificateCode(value: string | string[] | undefined): string | null {
  const raw = (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).toUpperCase()
  return CODE.test(raw) ? raw : null
}

export function certificateHref(code: string): string {
  return `/certificates/${encodeURIComponent(code)}`
}

/** The school's certificate with this code, read with the tenant key; null for any other. */
export async function findCertificate(school: School, code: string): Promise<CertificateView | null> {
  const { docs } = await cms().find('certificates', {
    where: { and: [{ tenant: { equals: school.id } }, { code: { equals: code } }] },
    limit: 1,
  })
  const doc = docs[0]
  if (!doc || doc.code !== code) return null
  return {
    code,
    learnerName: doc.learnerName ?? '',
    courseTitle: doc.courseTitle ?? '',
    issuedAt: doc.issuedAt ?? doc.createdAt,
    courseId: typeof doc.course === 'string' ? doc.course : doc.course.id,
  }
}

/** The member's certificate for a course, or null. */
export async function myCertificate(
  member: Member,
  school: School,
  courseId: string,
): Promise<string | null> {
  const { docs } = await memberCms(member).find('certificates', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { user: { equals: member.id } },
        { course: { equals: courseId } },
      ],
    },
    limit: 1,
    select: { code: true },
  })
  return docs[0]?.code ?? null
}

/**
 * Claims the member's certificate for a course when the cms agrees the course is complete.
 * @returns the code, or null when the course is not complete yet.
 */
export async function claimCertificate(
  member: Member,
  school: School,
  courseId: string,
): Promise<string | null> {
  const existing = await myCertificate(member, school, courseId)
  if (existing) return existing
  try {
    const doc = await memberCms(member).create('certificates', {
      tenant: school.id,
      user: member.id,
      course: courseId,
    })
    return doc.code ?? null
  } catch (error) {
    if (isCmsError(error) && error.code === 'validation') return myCertificate(member, school, courseId)
    throw error
  }
}
