'use server'

import { redirect } from 'next/navigation'
import { loadCourse } from '../../lib/catalog.ts'
import { getTenant } from '../../lib/cms.ts'
import { completeLesson as complete, enroll, lessonAccess, neighbours } from '../../lib/learning.ts'
import { courseHref, lessonHref, parseCourseSlug, parseLessonSlug } from '../../lib/params.ts'
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
  if (next) redirect(lessonHref(courseSlug, next.slug))
  redirect(`${courseHref(courseSlug)}${progress.done === progress.total ? '?completed=1' : ''}`)
}
