import { type CollectionBeforeChangeHook, ValidationError } from 'payload'

type Option = { correct?: boolean | null }
type Question = { kind?: string | null; options?: Option[] | null }

/** A single-choice question has exactly one correct option; a multiple-choice one at least one. */
export const validateQuestions: CollectionBeforeChangeHook = ({ data, req, collection }) => {
  if (!Array.isArray(data.questions)) return data
  const errors: { path: string; message: string }[] = []
  ;(data.questions as Question[]).forEach((question, i) => {
    const correct = (question.options ?? []).filter((o) => o.correct === true).length
    if (question.kind === 'single' && correct !== 1) {
      errors.push({ path: `questions.${i}.options`, message: 'Mark exactly one option as correct.' })
    } else if (question.kind === 'multiple' && correct < 1) {
      errors.push({ path: `questions.${i}.options`, message: 'Mark at least one option as correct.' })
    }
  })
  if (errors.length > 0) throw new ValidationError({ collection: collection.slug, errors }, req.t)
  return data
}
