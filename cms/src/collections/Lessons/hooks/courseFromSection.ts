import type { CollectionBeforeChangeHook } from 'payload'
import { idOf } from '../../../lib/ids.ts'

/**
 * Keeps `lesson.course` equal to its section's course, so that "is the course published" can be
 * checked on the lesson itself. Runs after sameTenantRelations has checked the section.
 */
export const courseFromSection: CollectionBeforeChangeHook = async ({ data, req }) => {
  const sectionId = idOf(data.section)
  if (!sectionId) return data
  const section = await req.payload.findByID({
    collection: 'sections',
    id: sectionId,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return { ...data, course: idOf(section.course) }
}
