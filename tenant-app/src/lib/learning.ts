import type { Lesson, Where } from '@lyceum/cms-client'
import { idOf, isCmsError } from '@lyceum/cms-client'
import { CONTENT_STALE, CONTENT_TTL_MS, type CourseOutline, type LessonItem, loadCourse } from './catalog.ts'
import { cms, type School } from './cms.ts'
import { type Member, memberCms } from './session.ts'
import { shared } from './shared-cache.ts'

/**
 * A member's learning: enrollments, lesson progress, resume position. Reads and writes of the
 * member's own records go through the member's session (the cms's rule: learners see and write
 * only their own); course content is read with the tenant key (published only). Every query
 * names the school's tenant.
 */

export type EnrollmentRef = {
  id: string
  courseId: string
  enrolledAt: string | null
  completedAt: string | null
  lastLessonId: string | null
}

/** The member's enrollment in `courseId`, or null. */
export async function findEnrollment(
  member: Member,
  school: School,
  courseId: string,
): Promise<EnrollmentRef | null> {
  const { docs } = await memberCms(member).find('enrollments', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { user: { equals: member.id } },
        { course: { equals: courseId } },
      ],
    },
    limit: 1,
  })
  const doc = docs[0]
  if (!doc) return null
  return {
    id: doc.id,
    courseId,
    enrolledAt: doc.enrolledAt ?? null,
    completedAt: doc.completedAt ?? null,
    lastLessonId: idOf(doc.lastLesson),
  }
}

/** Ids of the lessons the member completed, in `courseIds` (all the member's courses when omitted). */
export async function completedLessons(
  member: Member,
  school: School,
  courseIds?: string[],
): Promise<Set<string>> {
  const filters: Where[] = [
    { tenant: { equals: school.id } },
    { user: { equals: member.id } },
    { completedAt: { exists: true } },
  ]
  if (courseIds) filters.push({ course: { in: courseIds } })
  const { docs } = await memberCms(member).find('lesson-progress', {
    where: { and: filters },
    limit: 0,
    select: { lesson: true },
  })
  return new Set(docs.map((p) => idOf(p.lesson)).filter((id): id is string => id !== null))
}

/** Progress through a course: lessons done of all, and the rounded-down percentage (0–100). */
export type Progress = { done: number; total: number; percent: number }

/** {@link Progress} of an outline given the completed lesson ids (pure). */
export function progressOf(
  outline: Pick<CourseOutline, 'sections'>,
  completed: ReadonlySet<string>,
): Progress {
  const lessons = outline.sections.flatMap((s) => s.lessons)
  const done = lessons.filter((l) => completed.has(l.id)).length
  const total = lessons.length
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) }
}

/** The lessons of an outline in reading order. */
export function lessonsInOrder(outline: Pick<CourseOutline, 'sections'>): LessonItem[] {
  return outline.sections.flatMap((s) => s.lessons)
}

/**
 * Where "resume" leads (pure): the last lesson opened when it still exists and is not done, else
 * the first lesson not completed after it, else the first not completed, else the first lesson;
 * null for a course without lessons.
 */
export function resumeLesson(
  outline: Pick<CourseOutline, 'sections'>,
  lastLessonId: string | null,
  completed: ReadonlySet<string>,
): LessonItem | null {
  const lessons = lessonsInOrder(outline)
  const last = lastLessonId ? lessons.findIndex((l) => l.id === lastLessonId) : -1
  if (last >= 0) {
    const after = lessons.slice(last).find((l) => !completed.has(l.id))
    if (after) return after
  }
  return lessons.find((l) => !completed.has(l.id)) ?? lessons[0] ?? null
}

/** Previous and next lessons of `lessonId` in reading order (across sections). */
export function neighbours(
  outline: Pick<CourseOutline, 'sections'>,
  lessonId: string,
): { previous: LessonItem | null; next: LessonItem | null } {
  const lessons = lessonsInOrder(outline)
  const at = lessons.findIndex((l) => l.id === lessonId)
  if (at < 0) return { previous: null, next: null }
  return { previous: lessons[at - 1] ?? null, next: lessons[at + 1] ?? null }
}

/** A lesson as the player shows it. */
export type LessonPage = {
  id: string
  slug: string
  title: string
  durationSeconds: number
  content: Lesson['content'] | null
  videoUrl: string | null
}

/**
 * The lesson `lessonSlug` of the (published) course, read with the tenant key; null when none.
 * Found lessons are kept for {@link CONTENT_TTL_MS} in the instance's shared cache (the same for
 * every enrolled reader; who may open it is checked per request by {@link lessonAccess}).
 */
export function loadLesson(school: School, courseId: string, lessonSlug: string): Promise<LessonPage | null> {
  return shared(
    `lesson:${courseId}:${lessonSlug}`,
    CONTENT_TTL_MS,
    () => readLesson(school, courseId, lessonSlug),
    { keep: (lesson) => lesson !== null, stale: CONTENT_STALE },
  )
}

async function readLesson(school: School, courseId: string, lessonSlug: string): Promise<LessonPage | null> {
  const { docs } = await cms().find('lessons', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { course: { equals: courseId } },
        { slug: { equals: lessonSlug } },
      ],
    },
    limit: 1,
    select: { title: true, slug: true, durationSeconds: true, content: true, videoUrl: true },
  })
  const lesson = docs[0]
  if (!lesson || lesson.slug !== lessonSlug) return null
  return {
    id: lesson.id,
    slug: lessonSlug,
    title: lesson.title ?? '',
    durationSeconds: Math.max(0, lesson.durationSeconds ?? 0),
    content: lesson.content ?? null,
    videoUrl: lesson.videoUrl ?? null,
  }
}

/** What the lesson player needs, once access is established. */
export type LessonAccess = {
  course: CourseOutline
  lesson: LessonPage
  enrollment: EnrollmentRef
}

/**
 * The lesson `lessonSlug` of course `courseSlug` when `member` may open it (the course is
 * published in this school, the lesson is in it, the member is enrolled), else null. Missing,
 * foreign, unpublished and not-enrolled all give null: the caller answers 404 for each.
 * `known(courseId)` may give the member's enrollment already read for this request (the page
 * gets the proxy's, `handedEnrollment` in session.ts); otherwise it is read with the member's
 * session.
 */
export async function lessonAccess(
  school: School,
  member: Member | null,
  courseSlug: string,
  lessonSlug: string,
  known?: (courseId: string) => Promise<EnrollmentRef | undefined>,
): Promise<LessonAccess | null> {
  if (!member) return null
  const course = await loadCourse(school, courseSlug)
  if (!course) return null
  const inOutline = lessonsInOrder(course).some((l) => l.slug === lessonSlug)
  if (!inOutline) return null
  const [lesson, enrollment] = await Promise.all([
    loadLesson(school, course.id, lessonSlug),
    known?.(course.id).then((e) => e ?? findEnrollment(member, school, course.id)) ??
      findEnrollment(member, school, course.id),
  ])
  if (!lesson || !enrollment) return null
  return { course, lesson, enrollment }
}

/** Why an enrollment was refused. */
export type EnrollRefusal = 'full'

/**
 * The school's seats (its plan's `limits.seats`: members per school) and how many members it
 * has, read with the tenant key. `seats` is null when the school has no plan (no limit).
 */
export async function seatUsage(school: School): Promise<{ seats: number | null; members: number }> {
  const [tenant, members] = await Promise.all([
    cms().findByID('tenants', school.id, { depth: 1, select: { plan: true } }),
    cms().count('users', { where: { 'memberships.tenant': { equals: school.id } } }),
  ])
  const plan = tenant?.plan
  const seats = plan && typeof plan === 'object' ? (plan.limits?.seats ?? null) : null
  return { seats, members }
}

/**
 * Enrolls the member in the course (idempotent: an existing enrollment is kept). Refused with
 * `'full'` when the school has more members than its plan's seats (decision 040).
 * @throws CmsError when the cms refuses or fails.
 */
export async function enroll(
  member: Member,
  school: School,
  courseId: string,
): Promise<{ ok: true } | { ok: false; reason: EnrollRefusal }> {
  if (await findEnrollment(member, school, courseId)) return { ok: true }
  const { seats, members } = await seatUsage(school)
  if (seats !== null && members > seats) return { ok: false, reason: 'full' }
  try {
    await memberCms(member).create('enrollments', {
      tenant: school.id,
      user: member.id,
      course: courseId,
    })
  } catch (error) {
    // Two submissions at once: the unique (user, course) index refused the second; both succeed.
    if (
      isCmsError(error) &&
      error.code === 'validation' &&
      (await findEnrollment(member, school, courseId))
    ) {
      return { ok: true }
    }
    throw error
  }
  return { ok: true }
}

/** Remembers the lesson the member opened last (for "resume"); failures are only logged. */
export async function rememberLesson(
  member: Member,
  enrollment: EnrollmentRef,
  lessonId: string,
): Promise<void> {
  if (enrollment.lastLessonId === lessonId) return
  try {
    await memberCms(member).update('enrollments', enrollment.id, { lastLesson: lessonId })
  } catch (error) {
    console.warn(
      `tenant-app: could not remember the last lesson: ${error instanceof Error ? error.message : error}`,
    )
  }
}

/**
 * Marks a lesson complete for the member (idempotent), and sets the enrollment's `completedAt`
 * once every lesson of the course is complete.
 * @throws CmsError when the cms refuses or fails.
 */
export async function completeLesson(
  member: Member,
  school: School,
  access: LessonAccess,
): Promise<Progress> {
  const client = memberCms(member)
  const { docs } = await client.find('lesson-progress', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { user: { equals: member.id } },
        { lesson: { equals: access.lesson.id } },
      ],
    },
    limit: 1,
  })
  const existing = docs[0]
  const now = new Date().toISOString()
  if (!existing) {
    await client.create('lesson-progress', {
      tenant: school.id,
      user: member.id,
      lesson: access.lesson.id,
      completedAt: now,
    })
  } else if (!existing.completedAt) {
    await client.update('lesson-progress', existing.id, { completedAt: now })
  }
  const completed = await completedLessons(member, school, [access.course.id])
  const progress = progressOf(access.course, completed)
  if (progress.total > 0 && progress.done === progress.total && !access.enrollment.completedAt) {
    await client.update('enrollments', access.enrollment.id, { completedAt: now })
  }
  return progress
}

/** A course on the "my learning" dashboard. */
export type LearningItem = {
  courseId: string
  slug: string
  title: string
  progress: Progress
  resume: LessonItem | null
  completedAt: string | null
  enrolledAt: string | null
}

/** The member's enrolled courses in this school that are still published, newest enrollment first. */
export async function myLearning(member: Member, school: School): Promise<LearningItem[]> {
  const { docs } = await memberCms(member).find('enrollments', {
    where: { and: [{ tenant: { equals: school.id } }, { user: { equals: member.id } }] },
    sort: '-enrolledAt',
    limit: 0,
  })
  if (docs.length === 0) return []
  const courseIds = docs.map((d) => idOf(d.course)).filter((id): id is string => id !== null)
  const { docs: courses } = await cms().find('courses', {
    where: {
      and: [{ tenant: { equals: school.id } }, { id: { in: courseIds } }, { published: { equals: true } }],
    },
    limit: 0,
    select: { slug: true },
  })
  const slugs = new Map(courses.map((c) => [c.id, c.slug ?? '']))
  const completed = await completedLessons(member, school, courseIds)
  const items: LearningItem[] = []
  for (const enrollment of docs) {
    const slug = slugs.get(idOf(enrollment.course) ?? '')
    if (!slug) continue
    const outline = await loadCourse(school, slug)
    if (!outline) continue
    items.push({
      courseId: outline.id,
      slug,
      title: outline.title,
      progress: progressOf(outline, completed),
      resume: resumeLesson(outline, idOf(enrollment.lastLesson), completed),
      completedAt: enrollment.completedAt ?? null,
      enrolledAt: enrollment.enrolledAt ?? null,
    })
  }
  return items
}
