import type { CmsClient, Media } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { CONTENT_STALE, CONTENT_TTL_MS } from './catalog.ts'
import { cms, type School } from './cms.ts'
import { type Member, memberCms } from './session.ts'
import { shared } from './shared-cache.ts'

/**
 * Media a school uploads from its own site: lesson attachments (the lesson player lists them;
 * `/media/<file>` serves them to the school's members only) and the logo. Uploads go to the cms
 * with the member's own session; the cms checks the tenant, the MIME type and the plan's storage
 * quota (413 when full: `cms/src/collections/Media/hooks/enforceStorageQuota.ts`).
 */

/** One downloadable file of a lesson. `filesize` in bytes. */
export type Attachment = { id: string; filename: string; filesize: number; mimeType: string; alt: string }

/** Largest file the forms accept, in bytes (the server actions' body limit is set above it). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/** MIME types the cms stores (its `media.upload.mimeTypes`); the forms' `accept`. */
export const UPLOAD_ACCEPT = 'image/*,application/pdf,video/mp4,audio/mpeg,text/plain,application/zip'

/** The school's storage: bytes used (sum of its media sizes) and the plan's limit (null: none). */
export type StorageUsage = { usedBytes: number; limitBytes: number | null }

function toAttachment(media: Media): Attachment | null {
  if (!media.filename) return null
  return {
    id: media.id,
    filename: media.filename,
    filesize: media.filesize ?? 0,
    mimeType: media.mimeType ?? '',
    alt: media.alt ?? '',
  }
}

async function attachmentsOf(client: CmsClient, school: School, lessonId: string): Promise<Attachment[]> {
  const { docs } = await client.find('lessons', {
    where: { and: [{ id: { equals: lessonId } }, { tenant: { equals: school.id } }] },
    limit: 1,
    depth: 1,
    select: { attachments: true },
  })
  const files = docs[0]?.attachments ?? []
  return files.flatMap((file) => (typeof file === 'object' && file ? (toAttachment(file) ?? []) : []))
}

/** A published lesson's attachments, in their order, read with the tenant key ([] when none). */
export function lessonAttachments(school: School, lessonId: string): Promise<Attachment[]> {
  // Published content, the same for every reader: the instance's shared cache (decision 085);
  // uploads and removals in /teach clear it.
  return shared(`attachments:${lessonId}`, CONTENT_TTL_MS, () => attachmentsOf(cms(), school, lessonId), {
    stale: CONTENT_STALE,
  })
}

/** A lesson's attachments as its author sees them (drafts included), with the author's session. */
export function authorAttachments(member: Member, school: School, lessonId: string): Promise<Attachment[]> {
  return attachmentsOf(memberCms(member), school, lessonId)
}

/** Storage used by the school against its plan (the member's session reads the school's media). */
export async function storageUsage(member: Member, school: School): Promise<StorageUsage> {
  const [tenant, media] = await Promise.all([
    cms().findByID('tenants', school.id, { depth: 1, select: { plan: true } }),
    memberCms(member).find('media', {
      where: { tenant: { equals: school.id } },
      limit: 0,
      depth: 0,
      select: { filesize: true },
    }),
  ])
  const plan = tenant?.plan && typeof tenant.plan === 'object' ? tenant.plan : null
  return {
    usedBytes: media.docs.reduce((sum, doc) => sum + (doc.filesize ?? 0), 0),
    limitBytes: plan?.limits?.storageBytes ?? null,
  }
}

/**
 * Uploads `file` into the school's media as `member`.
 * @throws CmsError `payload_too_large` past the storage quota, `validation` for a refused type.
 */
export async function uploadMedia(member: Member, school: School, file: File): Promise<Attachment> {
  const doc = await memberCms(member).upload(
    'media',
    { data: file, mimeType: file.type || 'application/octet-stream', filename: file.name },
    { tenant: school.id, alt: file.name.slice(0, 300) },
  )
  return {
    id: doc.id,
    filename: doc.filename ?? file.name,
    filesize: doc.filesize ?? file.size,
    mimeType: doc.mimeType ?? file.type,
    alt: doc.alt ?? '',
  }
}

/** Sets the lesson's attachments to `mediaIds`, in that order (the cms checks they are the school's). */
export async function setLessonAttachments(
  member: Member,
  lessonId: string,
  mediaIds: string[],
): Promise<void> {
  await memberCms(member).update('lessons', lessonId, { attachments: mediaIds })
}

/**
 * Deletes the media file unless something else of the school still uses it (another lesson's
 * attachments, a course cover, the logo), so removing an attachment frees its storage.
 */
export async function deleteMediaIfUnused(member: Member, school: School, mediaId: string): Promise<boolean> {
  const client = memberCms(member)
  const [lessons, covers] = await Promise.all([
    client.count('lessons', {
      where: { and: [{ tenant: { equals: school.id } }, { attachments: { in: [mediaId] } }] },
    }),
    client.count('courses', {
      where: { and: [{ tenant: { equals: school.id } }, { cover: { equals: mediaId } }] },
    }),
  ])
  if (lessons > 0 || covers > 0 || idOf(school.logo?.id) === mediaId) return false
  await client.delete('media', mediaId)
  return true
}
