'use server'

import { redirect } from 'next/navigation'
import { getTenant } from '../../lib/cms.ts'
import { lessonAccess } from '../../lib/learning.ts'
import { lessonHref, parseCourseSlug, parseLessonSlug } from '../../lib/params.ts'
import { fileReport, itemKey, reportFormSchema } from '../../lib/reports.ts'
import { getMember } from '../../lib/session.ts'

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * `POST` on a lesson page: reports the lesson, or one of its attachments, to the platform's
 * moderators, then shows the page again (post/redirect/get, works without JavaScript):
 * `?reported=<item>` thanks the member; `?reportError=<item>` reopens the form with its error.
 * A second report of the same item just shows the "already reported" state. Signed-out visitors
 * go to the sign-in page; a lesson the member may not open behaves like a missing one.
 */
export async function reportContent(form: FormData): Promise<void> {
  const courseSlug = parseCourseSlug(text(form, 'course'))
  const lessonSlug = parseLessonSlug(text(form, 'lesson'))
  if (!courseSlug || !lessonSlug) redirect('/')
  const here = lessonHref(courseSlug, lessonSlug)
  const member = await getMember()
  if (!member) redirect(`/login?next=${encodeURIComponent(here)}`)
  const school = await getTenant()
  const access = await lessonAccess(school, member, courseSlug, lessonSlug)
  if (!access) redirect(here) // the lesson page answers 404
  const parsed = reportFormSchema.safeParse({
    itemType: text(form, 'itemType'),
    media: text(form, 'media') || undefined,
    reason: text(form, 'reason'),
    comment: text(form, 'comment'),
  })
  const key =
    parsed.success && parsed.data.itemType === 'media' && parsed.data.media
      ? itemKey('media', parsed.data.media)
      : itemKey('lesson', access.lesson.id)
  if (!parsed.success) redirect(`${here}?reportError=${encodeURIComponent(key)}#report-${key}`)
  const outcome = await fileReport(member, school, access.lesson.id, parsed.data)
  if (outcome === 'missing') redirect(here)
  // Reported before (another tab, a double submit): the page shows "you reported this".
  if (outcome === 'already') redirect(`${here}#report-${key}`)
  redirect(`${here}?reported=${encodeURIComponent(key)}#report-${key}`)
}
