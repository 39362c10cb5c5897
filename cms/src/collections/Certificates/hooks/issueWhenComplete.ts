import { randomBytes } from 'node:crypto'
import { isPlatform } from '@lyceum/tenancy'
import type { CollectionBeforeChangeHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
import { idOf } from '../../../lib/ids.ts'

/** Crockford's base32 (no I, L, O, U): easy to read aloud and to type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A verification code: `LYC-` and 16 random base32 characters in groups of four (80 bits). */
export function newCertificateCode(): string {
  const bytes = randomBytes(16)
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]).join('')
  return `LYC-${chars.match(/.{4}/g)?.join('-')}`
}

/**
 * Issues a certificate only for a course the learner completed: enrolled, every lesson with a
 * completed progress record, every quiz with a passed attempt. Sets the code, the issue date, the
 * learner's name (or email) and the course title; nothing of these comes from the request.
 */
export const issueWhenComplete: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
  collection,
}) => {
  const fail = fieldErrors(req, collection)
  if (operation === 'update') {
    // Super-admins and the platform key may correct a record (support); nobody else changes it.
    if (!req.user || isPlatform(actorOf(req))) return data
    refuseChanges({
      data,
      originalDoc,
      fields: ['user', 'course', 'code', 'learnerName', 'courseTitle', 'issuedAt'],
      fail,
      message: 'A certificate cannot change once issued.',
      compare: 'json',
    })
    return data
  }
  const userId = idOf(data.user)
  const courseId = idOf(data.course)
  const [user, course] = await Promise.all([
    userId
      ? req.payload.findByID({
          collection: 'users',
          id: userId,
          depth: 0,
          disableErrors: true,
          overrideAccess: true,
          req,
        })
      : null,
    courseId
      ? req.payload.findByID({
          collection: 'courses',
          id: courseId,
          depth: 0,
          disableErrors: true,
          overrideAccess: true,
          req,
        })
      : null,
  ])
  if (!user || !course || !userId || !courseId)
    throw fail('course', 'No course with this id exists in this school.')
  const enrolled = await req.payload.count({
    collection: 'enrollments',
    where: { and: [{ user: { equals: userId } }, { course: { equals: courseId } }] },
    overrideAccess: true,
    req,
  })
  if (enrolled.totalDocs === 0) throw fail('course', 'Enroll in the course first.')
  const [lessons, done, quizzes, passed] = await Promise.all([
    req.payload.find({
      collection: 'lessons',
      where: { course: { equals: courseId } },
      depth: 0,
      pagination: false,
      select: { title: true },
      overrideAccess: true,
      req,
    }),
    req.payload.find({
      collection: 'lesson-progress',
      where: {
        and: [
          { user: { equals: userId } },
          { course: { equals: courseId } },
          { completedAt: { exists: true } },
        ],
      },
      depth: 0,
      pagination: false,
      select: { lesson: true },
      overrideAccess: true,
      req,
    }),
    req.payload.find({
      collection: 'quizzes',
      where: { course: { equals: courseId } },
      depth: 0,
      pagination: false,
      select: { title: true },
      overrideAccess: true,
      req,
    }),
    req.payload.find({
      collection: 'quiz-attempts',
      where: {
        and: [{ user: { equals: userId } }, { course: { equals: courseId } }, { passed: { equals: true } }],
      },
      depth: 0,
      pagination: false,
      select: { quiz: true },
      overrideAccess: true,
      req,
    }),
  ])
  const lessonsDone = new Set(done.docs.map((p) => idOf(p.lesson)))
  const quizzesPassed = new Set(passed.docs.map((a) => idOf(a.quiz)))
  const complete =
    lessons.docs.length > 0 &&
    lessons.docs.every((l) => lessonsDone.has(String(l.id))) &&
    quizzes.docs.every((q) => quizzesPassed.has(String(q.id)))
  if (!complete) throw fail('course', 'Complete every lesson and pass every quiz of the course first.')
  return {
    ...data,
    code: newCertificateCode(),
    issuedAt: new Date().toISOString(),
    learnerName: user.name || user.email,
    courseTitle: course.title,
  }
}
