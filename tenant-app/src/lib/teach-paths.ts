/** Addresses of the authoring pages (`/teach`), and what they accept from the URL. */

/** Most options a question offers in the editor (the cms allows 10). */
export const MAX_OPTIONS = 6

export function teachCourseHref(slug: string): string {
  return `/teach/courses/${encodeURIComponent(slug)}`
}

export function teachLessonHref(slug: string, lessonId: string): string {
  return `${teachCourseHref(slug)}/lessons/${encodeURIComponent(lessonId)}`
}

export function teachQuizHref(slug: string, quizId: string): string {
  return `${teachCourseHref(slug)}/quizzes/${encodeURIComponent(quizId)}`
}

export function teachLearnersHref(slug: string): string {
  return `${teachCourseHref(slug)}/learners`
}

/** A document id from the URL (the cms's ids: UUIDs or numbers), else null. */
export function parseDocId(value: string | undefined): string | null {
  if (!value) return null
  return /^[0-9a-f-]{1,64}$/i.test(value) ? value : null
}
