import { isCmsError } from '@lyceum/cms-client'
import { REPORT_COMMENT_MAX, REPORT_REASONS, type ReportItemType } from '@lyceum/domain'
import { z } from 'zod'
import type { School } from './cms.ts'
import { type Member, memberCms } from './session.ts'

/**
 * Reports of a lesson or of a lesson's attachment to the platform's moderators (decision 095).
 * Filed with the member's own session: the cms checks that the item belongs to this school, and
 * keeps one report per member and item (cms/src/collections/Reports).
 */

/** `lesson:<id>` or `media:<id>`: how the cms keys a reported item. */
export const itemKey = (itemType: ReportItemType, id: string) => `${itemType}:${id}`

/** The report form: reason (one of REPORT_REASONS), optional comment (≤ 1000 characters). */
export const reportFormSchema = z.object({
  itemType: z.enum(['lesson', 'media']),
  media: z.string().uuid().optional(),
  reason: z.enum(REPORT_REASONS),
  comment: z
    .string()
    .trim()
    .max(REPORT_COMMENT_MAX)
    .transform((value) => value || null),
})
export type ReportInput = z.output<typeof reportFormSchema>

/** The item keys the member already reported on this lesson: the lesson itself and its files. */
export async function reportedOnLesson(
  member: Member,
  school: School,
  lessonId: string,
): Promise<Set<string>> {
  const { docs } = await memberCms(member).find('reports', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { reporter: { equals: member.id } },
        { lesson: { equals: lessonId } },
      ],
    },
    limit: 0,
    depth: 0,
    select: { itemKey: true },
  })
  return new Set(docs.map((doc) => doc.itemKey).filter((key): key is string => typeof key === 'string'))
}

/**
 * Files the member's report. `already`: the member reported this item before (the cms's 400);
 * `missing`: the cms knows no such item in this school.
 * @throws CmsError for anything else (an outage).
 */
export async function fileReport(
  member: Member,
  school: School,
  lessonId: string,
  input: ReportInput,
): Promise<'sent' | 'already' | 'missing'> {
  try {
    await memberCms(member).create('reports', {
      tenant: school.id,
      reporter: member.id,
      itemType: input.itemType,
      lesson: lessonId,
      ...(input.itemType === 'media' && input.media ? { media: input.media } : {}),
      reason: input.reason,
      comment: input.comment,
      status: 'open',
    })
    return 'sent'
  } catch (error) {
    if (!isCmsError(error, 'validation')) throw error
    return error.fieldErrors.some((e) => e.message === 'You already reported this.') ? 'already' : 'missing'
  }
}
