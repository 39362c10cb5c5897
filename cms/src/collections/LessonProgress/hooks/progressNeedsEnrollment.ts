import type { CollectionBeforeChangeHook } from 'payload'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
import { idOf } from '../../../lib/ids.ts'

/**
 * Progress is recorded only for a lesson of a course the learner is enrolled in; `course` is
 * derived from the lesson. The learner and lesson of a record never change.
 */
export const progressNeedsEnrollment: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
  collection,
}) => {
  const fail = fieldErrors(req, collection)
  if (operation === 'update') {
    refuseChanges({
      data,
      originalDoc,
      fields: ['user', 'lesson'],
      fail,
      message: (field) => `The ${field} of a progress record cannot change.`,
    })
    return data
  }
  const lessonId = idOf(data.lesson)
  const lesson = lessonId
    ? await req.payload.findByID({
        collection: 'lessons',
        id: lessonId,
        depth: 0,
        overrideAccess: true,
        disableErrors: true,
        req,
      })
    : null
  const courseId = idOf(lesson?.course)
  if (!lesson || !courseId) throw fail('lesson', 'No lesson with this id exists in this school.')
  const enrolled = await req.payload.count({
    collection: 'enrollments',
    where: { and: [{ user: { equals: idOf(data.user) } }, { course: { equals: courseId } }] },
    overrideAccess: true,
    req,
  })
  if (enrolled.totalDocs === 0) throw fail('lesson', 'Enroll in the course before recording progress.')
  return { ...data, course: courseId }
}
