import { isPlatform } from '@lyceum/tenancy'
import type { CollectionBeforeChangeHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
import { idOf } from '../../../lib/ids.ts'

type Option = { id?: string | null; correct?: boolean | null }
type Question = { id?: string | null; kind?: string | null; options?: Option[] | null }

/** Per question id, the chosen option ids: `{ "<questionId>": ["<optionId>", …] }`. */
export type Answers = Record<string, string[]>

/**
 * Grades an attempt when it is created: the quiz must be in a course the learner is enrolled in;
 * `answers` must name only the quiz's questions and options (one option for single choice). A
 * question is right when exactly its correct options were chosen; unanswered ones are wrong.
 * `score` (percent, rounded down), `passed` (score ≥ the quiz's passing score) and `results`
 * are computed here, overriding anything sent. Attempts never change afterwards.
 */
export const gradeAttempt: CollectionBeforeChangeHook = async ({
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
      fields: ['user', 'quiz', 'answers', 'score', 'passed', 'results'],
      fail,
      message: 'An attempt cannot change once submitted.',
      compare: 'json',
    })
    return data
  }
  const quizId = idOf(data.quiz)
  const quiz = quizId
    ? await req.payload.findByID({
        collection: 'quizzes',
        id: quizId,
        depth: 0,
        overrideAccess: true,
        disableErrors: true,
        req,
      })
    : null
  const courseId = idOf(quiz?.course)
  if (!quiz || !courseId) throw fail('quiz', 'No quiz with this id exists in this school.')
  const enrolled = await req.payload.count({
    collection: 'enrollments',
    where: { and: [{ user: { equals: idOf(data.user) } }, { course: { equals: courseId } }] },
    overrideAccess: true,
    req,
  })
  if (enrolled.totalDocs === 0) throw fail('quiz', 'Enroll in the course before taking its quiz.')

  const questions = (quiz.questions ?? []) as Question[]
  const answers = data.answers
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw fail('answers', 'Answers must map question ids to lists of option ids.')
  }
  const byId = new Map(questions.map((q) => [q.id ?? '', q]))
  for (const [questionId, chosen] of Object.entries(answers as Record<string, unknown>)) {
    const question = byId.get(questionId)
    if (!question) throw fail('answers', 'An answer names a question this quiz does not have.')
    if (!Array.isArray(chosen) || !chosen.every((c) => typeof c === 'string')) {
      throw fail('answers', 'Each answer must be a list of option ids.')
    }
    const known = new Set((question.options ?? []).map((o) => o.id))
    if (!chosen.every((c) => known.has(c)))
      throw fail('answers', 'An answer names an option the question does not have.')
    if (question.kind === 'single' && chosen.length > 1) throw fail('answers', 'Choose one option only.')
  }
  const results: Record<string, boolean> = {}
  for (const question of questions) {
    const chosen = new Set(((answers as Record<string, string[]>)[question.id ?? ''] ?? []) as string[])
    const correct = new Set((question.options ?? []).filter((o) => o.correct === true).map((o) => o.id ?? ''))
    results[question.id ?? ''] = chosen.size === correct.size && [...chosen].every((c) => correct.has(c))
  }
  const right = Object.values(results).filter(Boolean).length
  const score = questions.length === 0 ? 100 : Math.floor((right * 100) / questions.length)
  return { ...data, course: courseId, results, score, passed: score >= (quiz.passingScore ?? 100) }
}
