'use server'

import { isCmsError } from '@lyceum/cms-client'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import {
  authorAttachments,
  deleteMediaIfUnused,
  MAX_UPLOAD_BYTES,
  setLessonAttachments,
  storageUsage,
  uploadMedia,
} from '../../lib/attachments.ts'
import { canTeach, lessonOf, loadAuthorCourse } from '../../lib/authoring.ts'
import { formatBytes } from '../../lib/bytes.ts'
import { getTenant, isCmsOutage, type School } from '../../lib/cms.ts'
import { getMember, type Member } from '../../lib/session.ts'
import { teachCourseHref, teachLessonHref } from '../../lib/teach-paths.ts'

/**
 * Uploads from the school's own site (lesson attachments under `/teach`), as server actions:
 * multipart form POSTs that work without JavaScript, written with the member's own session.
 * A full storage quota is refused before anything is stored (and again by the cms, 413), with a
 * field error saying how much is used.
 */

/** What an upload form shows after a refused submission: messages, already translated. */
export type UploadState = { error?: string; fileError?: string }

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** The file of the form, or the field error for a missing or too large one. */
async function fileOf(form: FormData): Promise<{ file: File } | { fileError: string }> {
  const t = await getTranslations('Media.errors')
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0 || !file.name) return { fileError: t('required') }
  if (file.size > MAX_UPLOAD_BYTES) {
    return { fileError: t('tooLarge', { limit: formatBytes(MAX_UPLOAD_BYTES, (await getTenant()).locale) }) }
  }
  return { file }
}

/**
 * Uploads `file` as `member` within the school's storage quota.
 * @returns the media id, or the form state to show (storage full, refused type, outage).
 */
export async function uploadWithinQuota(
  member: Member,
  school: School,
  file: File,
): Promise<{ id: string } | UploadState> {
  const t = await getTranslations('Media.errors')
  const full = async () => {
    const usage = await storageUsage(member, school)
    return {
      fileError: t('storageFull', {
        used: formatBytes(usage.usedBytes, school.locale),
        limit: formatBytes(usage.limitBytes ?? 0, school.locale),
        size: formatBytes(file.size, school.locale),
      }),
    }
  }
  try {
    const usage = await storageUsage(member, school)
    if (usage.limitBytes !== null && usage.usedBytes + file.size > usage.limitBytes) return full()
    const media = await uploadMedia(member, school, file)
    return { id: media.id }
  } catch (error) {
    // The cms holds the quota too: another upload may have filled it meanwhile.
    if (isCmsError(error) && error.code === 'payload_too_large') return full()
    if (isCmsError(error) && error.code === 'validation') return { fileError: t('type') }
    if (isCmsError(error) && error.code === 'forbidden') return { error: t('forbidden') }
    if (isCmsOutage(error)) return { error: t('unavailable') }
    throw error
  }
}

/** The signed-in author, the school and the lesson the form names; else off to the 404. */
async function lessonContext(form: FormData) {
  const slug = text(form, 'course')
  const member = await getMember()
  if (!canTeach(member)) redirect('/teach')
  const school = await getTenant()
  const course = await loadAuthorCourse(member, school, slug)
  if (!course) redirect(slug ? teachCourseHref(slug) : '/teach')
  const found = lessonOf(course, text(form, 'lesson'))
  if (!found) redirect(teachCourseHref(course.slug))
  return { member, school, course, lesson: found.lesson }
}

/**
 * `POST` an attachment for a lesson (`course`, `lesson`, `file`): uploaded into the school's
 * media, then added at the end of the lesson's attachments. When attaching fails, the uploaded
 * file is deleted again (nothing half-done is left to count against the storage).
 */
export async function uploadAttachmentAction(_prev: UploadState, form: FormData): Promise<UploadState> {
  const { member, school, course, lesson } = await lessonContext(form)
  const picked = await fileOf(form)
  if ('fileError' in picked) return picked
  const uploaded = await uploadWithinQuota(member, school, picked.file)
  if (!('id' in uploaded)) return uploaded
  try {
    const current = await authorAttachments(member, school, lesson.id)
    await setLessonAttachments(member, lesson.id, [...current.map((file) => file.id), uploaded.id])
  } catch (error) {
    await deleteMediaIfUnused(member, school, uploaded.id).catch(() => false)
    if (isCmsOutage(error)) return { error: (await getTranslations('Media.errors'))('unavailable') }
    throw error
  }
  redirect(`${teachLessonHref(course.slug, lesson.id)}?attached=1#attachments`)
}

/**
 * `POST` removing an attachment (`course`, `lesson`, `media`) from a lesson; the file itself is
 * deleted when nothing else of the school uses it. An id not attached here changes nothing.
 */
export async function removeAttachmentAction(form: FormData): Promise<void> {
  const { member, school, course, lesson } = await lessonContext(form)
  const mediaId = text(form, 'media')
  const current = await authorAttachments(member, school, lesson.id)
  const href = teachLessonHref(course.slug, lesson.id)
  if (!current.some((file) => file.id === mediaId)) redirect(`${href}#attachments`)
  await setLessonAttachments(
    member,
    lesson.id,
    current.filter((file) => file.id !== mediaId).map((file) => file.id),
  )
  await deleteMediaIfUnused(member, school, mediaId).catch(() => false)
  redirect(`${href}?detached=1#attachments`)
}
