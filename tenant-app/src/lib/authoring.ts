import type { CmsClient } from '@lyceum/cms-client'
import { idOf, isCmsError } from '@lyceum/cms-client'
import { isCmsOutage, type School } from './cms.ts'
import { type Member, memberCms, memberFromToken } from './session.ts'

/**
 * Authoring for the school's instructors and admins (`/teach`). Every read and write here uses
 * the member's OWN cms session ({@link memberCms}), never the tenant key: the cms's access rules
 * (authors of the school may write its courses, sections, lessons and quizzes) decide, and a
 * course, lesson or quiz of another school looks missing (the cms answers 404 for it). Every
 * query also names this school's tenant, so an author of several schools sees only this one here.
 */

/** Whether the member may use `/teach` (instructors and admins of this school). */
export function canTeach(member: Pick<Member, 'role'> | null): member is Member {
  return member?.role === 'instructor' || member?.role === 'admin'
}

/** A course in the author's list. */
export type AuthorCourseItem = {
  id: string
  slug: string
  title: string
  published: boolean
  updatedAt: string
}

export type AuthorLesson = {
  id: string
  slug: string
  title: string
  order: number
  durationSeconds: number
  videoUrl: string
  content: unknown
}
export type AuthorQuestion = {
  id: string
  prompt: string
  kind: 'single' | 'multiple'
  explanation: string
  options: Array<{ id: string; text: string; correct: boolean }>
}
export type AuthorQuiz = {
  id: string
  sectionId: string
  title: string
  passingScore: number
  questions: AuthorQuestion[]
}
export type AuthorSection = {
  id: string
  title: string
  order: number
  lessons: AuthorLesson[]
  quizzes: AuthorQuiz[]
}
/** A course with everything the editor shows, drafts included. */
export type AuthorCourse = {
  id: string
  slug: string
  title: string
  summary: string
  published: boolean
  sections: AuthorSection[]
}

const idOrEmpty = (value: unknown): string => idOf(value) ?? ''

/** Courses of this school the member may edit (drafts and published), newest change first. */
export async function authorCourses(member: Member, school: School): Promise<AuthorCourseItem[]> {
  const { docs } = await memberCms(member).find('courses', {
    where: { tenant: { equals: school.id } },
    sort: ['-updatedAt'],
    limit: 0,
    depth: 0,
  })
  return docs.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    published: c.published === true,
    updatedAt: c.updatedAt,
  }))
}

/** Course slugs: lower-case ASCII letters, digits and single hyphens (the cms's rule). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * A slug from a title: accents dropped (`é` → `e`), anything else non-alphanumeric → `-`,
 * at most 80 characters; `'course'` when nothing is left (a title in another script).
 */
export function slugify(title: string, fallback = 'course'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
  return slug || fallback
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 75)}-${n}`
    if (!taken.has(candidate)) return candidate
  }
}

async function courseSlugsLike(client: CmsClient, school: School, base: string): Promise<Set<string>> {
  const { docs } = await client.find('courses', {
    where: { and: [{ tenant: { equals: school.id } }, { slug: { like: base.slice(0, 75) } }] },
    limit: 0,
    select: { slug: true },
  })
  return new Set(docs.map((d) => String(d.slug)))
}

/**
 * Creates a draft course with a slug generated from the title (unique in the school).
 * @returns the new course's slug. @throws CmsError (`validation` with field errors, …).
 */
export async function createCourse(
  member: Member,
  school: School,
  input: { title: string; summary: string },
): Promise<string> {
  const client = memberCms(member)
  const base = slugify(input.title)
  const slug = uniqueSlug(base, await courseSlugsLike(client, school, base))
  const doc = await client.create('courses', {
    tenant: school.id,
    title: input.title,
    slug,
    summary: input.summary || null,
    published: false,
  })
  return doc.slug
}

function toQuestion(
  q: NonNullable<NonNullable<Awaited<ReturnType<typeof loadQuizzes>>>[number]['questions']>[number],
) {
  return {
    id: q.id ?? '',
    prompt: q.prompt,
    kind: q.kind,
    explanation: q.explanation ?? '',
    options: q.options.map((o) => ({ id: o.id ?? '', text: o.text, correct: o.correct === true })),
  } satisfies AuthorQuestion
}

async function loadQuizzes(client: CmsClient, courseId: string) {
  const { docs } = await client.find('quizzes', {
    where: { course: { equals: courseId } },
    sort: ['createdAt'],
    limit: 0,
    depth: 0,
  })
  return docs
}

/**
 * The course `slug` of this school with its sections, lessons and quizzes, as the member may
 * read it (authors: drafts included), or null (missing, another school's, not readable).
 */
export async function loadAuthorCourse(
  member: Member,
  school: School,
  slug: string,
): Promise<AuthorCourse | null> {
  if (!SLUG_PATTERN.test(slug)) return null
  const client = memberCms(member)
  const { docs } = await client.find('courses', {
    where: { and: [{ tenant: { equals: school.id } }, { slug: { equals: slug } }] },
    limit: 1,
    depth: 0,
  })
  const course = docs[0]
  if (!course) return null
  const [sections, lessons, quizzes] = await Promise.all([
    client.find('sections', {
      where: { course: { equals: course.id } },
      sort: ['order', 'createdAt'],
      limit: 0,
      depth: 0,
    }),
    client.find('lessons', {
      where: { course: { equals: course.id } },
      sort: ['order', 'createdAt'],
      limit: 0,
      depth: 0,
    }),
    loadQuizzes(client, course.id),
  ])
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    summary: course.summary ?? '',
    published: course.published === true,
    sections: sections.docs.map((s) => ({
      id: s.id,
      title: s.title,
      order: s.order,
      lessons: lessons.docs
        .filter((l) => idOrEmpty(l.section) === s.id)
        .map((l) => ({
          id: l.id,
          slug: l.slug,
          title: l.title,
          order: l.order,
          durationSeconds: l.durationSeconds,
          videoUrl: l.videoUrl ?? '',
          content: l.content ?? null,
        })),
      quizzes: quizzes
        .filter((q) => idOrEmpty(q.section) === s.id)
        .map((q) => ({
          id: q.id,
          sectionId: s.id,
          title: q.title,
          passingScore: q.passingScore,
          questions: (q.questions ?? []).map(toQuestion),
        })),
    })),
  }
}

/** Finds a lesson of the course by id, or null. */
export function lessonOf(
  course: AuthorCourse,
  lessonId: string,
): { section: AuthorSection; lesson: AuthorLesson } | null {
  for (const section of course.sections) {
    const lesson = section.lessons.find((l) => l.id === lessonId)
    if (lesson) return { section, lesson }
  }
  return null
}

/** Finds a quiz of the course by id, or null. */
export function quizOf(
  course: AuthorCourse,
  quizId: string,
): { section: AuthorSection; quiz: AuthorQuiz } | null {
  for (const section of course.sections) {
    const quiz = section.quizzes.find((q) => q.id === quizId)
    if (quiz) return { section, quiz }
  }
  return null
}

/** Changes the course's title and summary. */
export async function updateCourse(
  member: Member,
  courseId: string,
  input: { title: string; summary: string },
): Promise<void> {
  await memberCms(member).update('courses', courseId, { title: input.title, summary: input.summary || null })
}

/**
 * Publishes or unpublishes: the collection's own `published` flag, which the catalog and the
 * tenant key read (only published courses, and their sections and lessons, are public).
 */
export async function setPublished(member: Member, courseId: string, published: boolean): Promise<void> {
  await memberCms(member).update('courses', courseId, { published })
}

/** Adds a section at the end of the course. */
export async function addSection(member: Member, school: School, course: AuthorCourse, title: string) {
  const order = Math.max(-1, ...course.sections.map((s) => s.order)) + 1
  await memberCms(member).create('sections', { tenant: school.id, course: course.id, title, order })
}

export async function renameSection(member: Member, sectionId: string, title: string) {
  await memberCms(member).update('sections', sectionId, { title })
}

/**
 * Moves `id` one place up or down among `items`, then writes 0, 1, 2, … as the `order` of
 * each item whose position changed (so duplicate or sparse orders are repaired too).
 */
export function reorder<T extends { id: string; order: number }>(
  items: readonly T[],
  id: string,
  direction: 'up' | 'down',
): Array<{ id: string; order: number }> {
  const list = [...items]
  const at = list.findIndex((i) => i.id === id)
  const to = direction === 'up' ? at - 1 : at + 1
  if (at < 0 || to < 0 || to >= list.length) return []
  const [moved] = list.splice(at, 1)
  if (moved) list.splice(to, 0, moved)
  return list.map((item, order) => ({ id: item.id, order })).filter((c, i) => list[i]?.order !== c.order)
}

export async function moveSection(
  member: Member,
  course: AuthorCourse,
  sectionId: string,
  direction: 'up' | 'down',
) {
  const client = memberCms(member)
  for (const change of reorder(course.sections, sectionId, direction)) {
    await client.update('sections', change.id, { order: change.order })
  }
}

/** Deletes a section with its lessons and quizzes (nothing is left behind without a section). */
export async function deleteSection(member: Member, section: AuthorSection) {
  const client = memberCms(member)
  for (const quiz of section.quizzes) await client.delete('quizzes', quiz.id)
  for (const lesson of section.lessons) await client.delete('lessons', lesson.id)
  await client.delete('sections', section.id)
}

/** Adds a lesson at the end of the section; its slug comes from the title, unique in the course. */
export async function addLesson(
  member: Member,
  school: School,
  course: AuthorCourse,
  section: AuthorSection,
  title: string,
): Promise<string> {
  const taken = new Set(course.sections.flatMap((s) => s.lessons.map((l) => l.slug)))
  const slug = uniqueSlug(slugify(title, 'lesson'), taken)
  const order = Math.max(-1, ...section.lessons.map((l) => l.order)) + 1
  const doc = await memberCms(member).create('lessons', {
    tenant: school.id,
    section: section.id,
    title,
    slug,
    order,
    durationSeconds: 0,
  })
  return doc.id
}

/** Changes a lesson: title, length (seconds), video address (`''`: none) and body (Lexical or null). */
export async function updateLesson(
  member: Member,
  lessonId: string,
  input: { title: string; durationSeconds: number; videoUrl: string; content: unknown },
) {
  await memberCms(member).update('lessons', lessonId, {
    title: input.title,
    durationSeconds: input.durationSeconds,
    videoUrl: input.videoUrl || null,
    // biome-ignore lint/suspicious/noExplicitAny: the generated type of a Lexical field is a deep literal
    content: input.content as any,
  })
}

export async function moveLesson(
  member: Member,
  section: AuthorSection,
  lessonId: string,
  direction: 'up' | 'down',
) {
  const client = memberCms(member)
  for (const change of reorder(section.lessons, lessonId, direction)) {
    await client.update('lessons', change.id, { order: change.order })
  }
}

export async function deleteLesson(member: Member, lessonId: string) {
  await memberCms(member).delete('lessons', lessonId)
}

/** Creates a quiz for the section (no questions yet). @returns its id. */
export async function addQuiz(
  member: Member,
  school: School,
  section: AuthorSection,
  input: { title: string; passingScore: number },
): Promise<string> {
  const doc = await memberCms(member).create('quizzes', {
    tenant: school.id,
    section: section.id,
    title: input.title,
    passingScore: input.passingScore,
    questions: [],
  })
  return doc.id
}

export async function updateQuiz(
  member: Member,
  quizId: string,
  input: { title: string; passingScore: number },
) {
  await memberCms(member).update('quizzes', quizId, input)
}

export async function deleteQuiz(member: Member, quizId: string) {
  await memberCms(member).delete('quizzes', quizId)
}

/** A question as the editor submits it (option ids kept for existing options). */
export type QuestionInput = Omit<AuthorQuestion, 'id' | 'options'> & {
  options: Array<{ text: string; correct: boolean }>
}

/**
 * Adds (`questionId` null) or replaces a question; the quiz's other questions keep their ids,
 * so attempts already made stay readable.
 */
export async function saveQuestion(
  member: Member,
  quiz: AuthorQuiz,
  questionId: string | null,
  input: QuestionInput,
) {
  const row = {
    prompt: input.prompt,
    kind: input.kind,
    explanation: input.explanation || null,
    options: input.options,
  }
  const keep = quiz.questions.map((q) => ({
    id: q.id,
    prompt: q.prompt,
    kind: q.kind,
    explanation: q.explanation || null,
    options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
  }))
  const questions = questionId
    ? keep.map((q) => (q.id === questionId ? { id: q.id, ...row } : q))
    : [...keep, row]
  await memberCms(member).update('quizzes', quiz.id, { questions })
}

export async function deleteQuestion(member: Member, quiz: AuthorQuiz, questionId: string) {
  const questions = quiz.questions
    .filter((q) => q.id !== questionId)
    .map((q) => ({
      id: q.id,
      prompt: q.prompt,
      kind: q.kind,
      explanation: q.explanation || null,
      options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
    }))
  await memberCms(member).update('quizzes', quiz.id, { questions })
}

/** A learner of the course as the instructor sees them. */
export type LearnerRow = {
  userId: string
  name: string
  email: string
  enrolledAt: string | null
  completedAt: string | null
  /** 0–100, completed lessons of the course's current lessons. */
  percent: number
  /** Per quiz of the course: the best score (percent) and whether it was passed; absent: no attempt. */
  quizzes: Record<string, { best: number; passed: boolean }>
}

/**
 * The course's enrollments with each learner's progress and quiz results, read with the
 * member's session (the cms lets the school's authors read them).
 */
export async function courseLearners(member: Member, course: AuthorCourse): Promise<LearnerRow[]> {
  const client = memberCms(member)
  const [enrollments, progress, attempts] = await Promise.all([
    client.find('enrollments', {
      where: { course: { equals: course.id } },
      limit: 0,
      depth: 1,
      sort: ['createdAt'],
    }),
    client.find('lesson-progress', {
      where: { and: [{ course: { equals: course.id } }, { completedAt: { exists: true } }] },
      limit: 0,
      depth: 0,
    }),
    client.find('quiz-attempts', { where: { course: { equals: course.id } }, limit: 0, depth: 0 }),
  ])
  const lessonIds = new Set(course.sections.flatMap((s) => s.lessons.map((l) => l.id)))
  return enrollments.docs.map((e) => {
    const userId = idOrEmpty(e.user)
    const user = typeof e.user === 'object' && e.user ? e.user : null
    const done = new Set(
      progress.docs
        .filter((p) => idOrEmpty(p.user) === userId && lessonIds.has(idOrEmpty(p.lesson)))
        .map((p) => idOrEmpty(p.lesson)),
    )
    const quizzes: LearnerRow['quizzes'] = {}
    for (const a of attempts.docs.filter((x) => idOrEmpty(x.user) === userId)) {
      const quizId = idOrEmpty(a.quiz)
      const prev = quizzes[quizId]
      const score = typeof a.score === 'number' ? a.score : 0
      quizzes[quizId] = {
        best: Math.max(prev?.best ?? 0, score),
        passed: (prev?.passed ?? false) || a.passed === true,
      }
    }
    return {
      userId,
      name: user?.name ?? '',
      email: user?.email ?? '',
      enrolledAt: e.enrolledAt ?? e.createdAt,
      completedAt: e.completedAt ?? null,
      percent: lessonIds.size === 0 ? 0 : Math.round((done.size / lessonIds.size) * 100),
      quizzes,
    }
  })
}

/** Whether `error` is the cms saying "no such document" (missing, or another school's). */
export function isMissing(error: unknown): boolean {
  return isCmsError(error) && error.code === 'not_found'
}

/** What an authoring page needs: the author, the school and (for course pages) the course. */
export type TeachPageContext = { member: Member; school: School; course: AuthorCourse | null }

/**
 * Loads an authoring page's context, or null when the page must answer the school's 404: no
 * author signed in here, or the course `slug` missing, another school's or not readable.
 * @throws CmsError or TenantAccessError on an outage (pages render "unavailable").
 */
export async function teachContext(
  getters: { school: () => Promise<School>; member: () => Promise<Member | null> },
  slug?: string,
): Promise<TeachPageContext | null> {
  const [school, member] = await Promise.all([getters.school(), getters.member()])
  if (!canTeach(member)) return null
  if (slug === undefined) return { member, school, course: null }
  const course = await loadAuthorCourse(member, school, slug)
  return course ? { member, school, course } : null
}

const TEACH_PATH = /^\/teach(?:\/courses\/([^/]+)(?:\/(lessons|quizzes)\/([^/]+)|\/learners)?)?\/?$/

/** Whether `pathname` is an authoring page (`/teach…`). */
export function isTeachPath(pathname: string): boolean {
  return pathname === '/teach' || pathname.startsWith('/teach/')
}

/**
 * Whether an authoring page may open for the session `token` (for src/proxy.ts, which sets the
 * 404 status): an instructor or admin of THIS school, and the course, lesson or quiz in the path
 * readable by them here. Unknown `/teach/…` paths, visitors, learners, other schools' ids: false.
 * A cms outage answers true (the page renders its "unavailable" view).
 */
export async function teachPathOpens(
  school: School,
  token: string | undefined,
  pathname: string,
): Promise<boolean> {
  const match = TEACH_PATH.exec(pathname)
  if (!match || !token) return false
  const decode = (v: string | undefined) => {
    try {
      return v === undefined ? undefined : decodeURIComponent(v)
    } catch {
      return null
    }
  }
  const slug = decode(match[1])
  const id = decode(match[3])
  if (slug === null || id === null) return false
  try {
    const ctx = await teachContext(
      { school: async () => school, member: () => memberFromToken(school, token) },
      slug,
    )
    if (!ctx) return false
    if (!ctx.course || id === undefined) return true
    return match[2] === 'lessons' ? lessonOf(ctx.course, id) !== null : quizOf(ctx.course, id) !== null
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true
  }
}
