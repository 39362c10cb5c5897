'use server'

import { redirect } from 'next/navigation'
import { loadCourse } from '../../lib/catalog.ts'
import { getTenant } from '../../lib/cms.ts'
import { completeLesson as complete, enroll, lessonAccess, neighbours } from '../../lib/learning.ts'
import { courseHref, lessonHref, parseCourseSlug, parseLessonSlug } from '../../lib/params.ts'
import {
  answersFromForm,
  claimCertificate,
  courseQuizzes,
  myAttempts,
  parseQuizId,
  passedQuizzes,
  quizAccess,
  quizHref,
  submitAttempt,
} from '../../lib/quiz.ts'
import { getMember } from '../../lib/session.ts'

/**
 * Enrolling and marking a lesson complete: form POSTs (server actions) that work without
 * JavaScript and answer with a redirect (post/redirect/get). Signed-out visitors are sent to the
 * sign-in page; ids the member may not use behave like missing ones.
 */

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** `POST` on a course page: enrolls the signed-in member, then opens the first lesson. */
export async function enrollInCourse(form: FormData): Promise<void> {
  const slug = parseCourseSlug(text(form, 'course'))
  if (!slug) redirect('/')
  const member = await getMember()
  if (!member) redirect(`/login?next=${encodeURIComponent(courseHref(slug))}`)
  const school = await getTenant()
  const course = await loadCourse(school, slug)
  if (!course) redirect(courseHref(slug)) // the course page answers 404
  const result = await enroll(member, school, course.id)
  if (!result.ok) redirect(`${courseHref(slug)}?enroll=${result.reason}`)
  const first = course.sections.flatMap((s) => s.lessons)[0]
  redirect(first ? lessonHref(slug, first.slug) : courseHref(slug))
}

/** `POST` on a lesson page: marks it complete, then opens the next lesson (or the course page). */
export async function markLessonComplete(form: FormData): Promise<void> {
  const courseSlug = parseCourseSlug(text(form, 'course'))
  const lessonSlug = parseLessonSlug(text(form, 'lesson'))
  if (!courseSlug || !lessonSlug) redirect('/')
  const member = await getMember()
  const here = lessonHref(courseSlug, lessonSlug)
  if (!member) redirect(`/login?next=${encodeURIComponent(here)}`)
  const school = await getTenant()
  const access = await lessonAccess(school, member, courseSlug, lessonSlug)
  if (!access) redirect(here) // the lesson page answers 404
  const progress = await complete(member, school, access)
  const { next } = neighbours(access.course, access.lesson.id)
  // The section's quiz comes after its last lesson, until it is passed.
  const section = access.course.sections.find((s) => s.lessons.some((l) => l.id === access.lesson.id))
  const lastOfSection = section?.lessons.at(-1)?.id === access.lesson.id
  const quizzes = await courseQuizzes(school, access.course.id)
  const passed =
    quizzes.length > 0 ? await passedQuizzes(member, school, access.course.id) : new Set<string>()
  const due = quizzes.find((q) => q.sectionId === section?.id && !passed.has(q.id))
  if (lastOfSection && due) redirect(quizHref(courseSlug, due.id))
  if (next) redirect(lessonHref(courseSlug, next.slug))
  const allPassed = quizzes.every((q) => passed.has(q.id))
  if (progress.done === progress.total && allPassed) {
    await claimCertificate(member, school, access.course.id)
    redirect(`${courseHref(courseSlug)}?completed=1`)
  }
  redirect(courseHref(courseSlug))
}

/** `POST` on a quiz page: submits the answers (the cms grades them), then shows the feedback. */
export async function submitQuiz(form: FormData): Promise<void> {
  const courseSlug = parseCourseSlug(text(form, 'course'))
  const quizId = parseQuizId(text(form, 'quiz'))
  if (!courseSlug || !quizId) redirect('/')
  const here = quizHref(courseSlug, quizId)
  const member = await getMember()
  if (!member) redirect(`/login?next=${encodeURIComponent(here)}`)
  const school = await getTenant()
  const access = await quizAccess(school, member, courseSlug, quizId)
  if (!access) redirect(here) // the quiz page answers 404
  const attemptId = await submitAttempt(member, school, access.quiz, answersFromForm(access.quiz, form))
  const attempt = (await myAttempts(member, school, access.course.id)).find((a) => a.id === attemptId)
  // Passing the last quiz may complete the course: the cms issues the certificate only then.
  if (attempt?.passed) await claimCertificate(member, school, access.course.id)
  redirect(`${here}?attempt=${encodeURIComponent(attemptId)}`)
}
