'use server'

import { isCmsError } from '@lyceum/cms-client'
import { redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import {
  type AuthorCourse,
  addLesson,
  addQuiz,
  addSection,
  canTeach,
  createCourse,
  deleteLesson,
  deleteQuestion,
  deleteQuiz,
  deleteSection,
  lessonOf,
  loadAuthorCourse,
  moveLesson,
  moveSection,
  quizOf,
  renameSection,
  saveQuestion,
  setPublished,
  updateCourse,
  updateLesson,
  updateQuiz,
} from '../../lib/authoring.ts'
import { getTenant, isCmsOutage, type School } from '../../lib/cms.ts'
import { MAX_MARKDOWN_LENGTH, markdownToLexical } from '../../lib/markdown.ts'
import { getMember, type Member } from '../../lib/session.ts'
import { MAX_OPTIONS, teachCourseHref, teachLessonHref, teachQuizHref } from '../../lib/teach-paths.ts'

/**
 * The authoring forms (`/teach`), as server actions: plain form POSTs that work without
 * JavaScript. Every write goes to the cms with the member's own session. Someone who may not
 * author here, or an id that is missing or another school's, is sent to the page, which answers
 * the school's 404. Field errors come back in place (zod first, then the cms's own).
 */

/** What an authoring form shows after a failed submission: messages, already translated. */
export type TeachFormState = {
  error?: string
  errors?: Record<string, string>
  values?: Record<string, string>
}

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

function valuesOf(form: FormData): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION')) out[key] = value
  }
  return out
}

type Context = { member: Member; school: School; course: AuthorCourse }

/** The signed-in author and the course named by the form's `course`; else off to the 404. */
async function context(form: FormData): Promise<Context> {
  const slug = text(form, 'course')
  const member = await getMember()
  if (!canTeach(member)) redirect('/teach')
  const school = await getTenant()
  const course = await loadAuthorCourse(member, school, slug)
  if (!course) redirect(slug ? teachCourseHref(slug) : '/teach')
  return { member, school, course }
}

const title = z.string().trim().min(1, 'required').max(200, 'long')
const summary = z.string().trim().max(1000, 'long')

async function fieldErrors(issues: z.core.$ZodIssue[]): Promise<Record<string, string>> {
  const t = await getTranslations('Teach.errors')
  const out: Record<string, string> = {}
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form')
    if (out[key]) continue
    const code = issue.message
    out[key] = ['required', 'long', 'number', 'url', 'score', 'options', 'correct', 'one', 'body'].includes(
      code,
    )
      ? t(code as 'required')
      : t('invalid')
  }
  return out
}

/** A failed cms write → the form's state; outages get a form error; anything else is rethrown. */
async function cmsFailure(error: unknown, form: FormData, fieldMap: Record<string, string> = {}) {
  const t = await getTranslations('Teach.errors')
  if (isCmsError(error) && error.code === 'validation' && error.fieldErrors.length > 0) {
    const errors: Record<string, string> = {}
    for (const f of error.fieldErrors) {
      const key = Object.entries(fieldMap).find(([prefix]) => f.path.startsWith(prefix))?.[1] ?? f.path
      errors[key] ??= f.message
    }
    return { errors, error: t('fix'), values: valuesOf(form) } satisfies TeachFormState
  }
  if (isCmsError(error) && ['forbidden', 'not_found'].includes(error.code)) {
    return { error: t('forbidden'), values: valuesOf(form) } satisfies TeachFormState
  }
  if (isCmsOutage(error)) return { error: t('unavailable'), values: valuesOf(form) } satisfies TeachFormState
  throw error
}

/** `POST /teach`: a new draft course; then its editor. */
export async function createCourseAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const member = await getMember()
  if (!canTeach(member)) redirect('/teach')
  const parsed = z
    .object({ title, summary })
    .safeParse({ title: text(form, 'title'), summary: text(form, 'summary') })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  let slug: string
  try {
    slug = await createCourse(member, await getTenant(), parsed.data)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(teachCourseHref(slug))
}

/** `POST /teach/courses/<slug>`: title and summary. */
export async function updateCourseAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, course } = await context(form)
  const parsed = z
    .object({ title, summary })
    .safeParse({ title: text(form, 'title'), summary: text(form, 'summary') })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await updateCourse(member, course.id, parsed.data)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(`${teachCourseHref(course.slug)}?saved=course`)
}

/** `POST`: publish (`publish=1`) or unpublish (`publish=0`). */
export async function publishAction(form: FormData): Promise<void> {
  const { member, course } = await context(form)
  const publish = text(form, 'publish') === '1'
  const ok = await soft(() => setPublished(member, course.id, publish))
  redirect(
    `${teachCourseHref(course.slug)}?${ok ? `saved=${publish ? 'published' : 'unpublished'}` : 'failed=1'}`,
  )
}

/**
 * Buttons without fields: runs the write; a cms refusal or outage comes back as false (the page
 * then shows "could not save", `?failed=1`), never as a 500.
 */
async function soft(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write()
    return true
  } catch (error) {
    if (isCmsError(error) || isCmsOutage(error)) return false
    throw error
  }
}

/** `POST`: a new section at the end. */
export async function addSectionAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, school, course } = await context(form)
  const parsed = z.object({ title }).safeParse({ title: text(form, 'title') })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await addSection(member, school, course, parsed.data.title)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(`${teachCourseHref(course.slug)}?saved=section`)
}

/** `POST`: rename a section. */
export async function renameSectionAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, course } = await context(form)
  const section = course.sections.find((s) => s.id === text(form, 'section'))
  if (!section) redirect(teachCourseHref(course.slug))
  const parsed = z.object({ title }).safeParse({ title: text(form, 'title') })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await renameSection(member, section.id, parsed.data.title)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(`${teachCourseHref(course.slug)}?saved=section`)
}

const direction = z.enum(['up', 'down'])

/** `POST`: move a section up or down, or delete it (`op`). */
export async function sectionOpAction(form: FormData): Promise<void> {
  const { member, course } = await context(form)
  const section = course.sections.find((s) => s.id === text(form, 'section'))
  if (!section) redirect(teachCourseHref(course.slug))
  const op = text(form, 'op')
  const dir = direction.safeParse(op)
  const ok = await soft(async () => {
    if (op === 'delete') await deleteSection(member, section)
    else if (dir.success) await moveSection(member, course, section.id, dir.data)
  })
  redirect(`${teachCourseHref(course.slug)}${ok ? '' : '?failed=1'}#sections`)
}

/** `POST`: a new lesson at the end of a section; then its editor. */
export async function addLessonAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, school, course } = await context(form)
  const section = course.sections.find((s) => s.id === text(form, 'section'))
  if (!section) redirect(teachCourseHref(course.slug))
  const parsed = z.object({ title }).safeParse({ title: text(form, 'title') })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  let id: string
  try {
    id = await addLesson(member, school, course, section, parsed.data.title)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(teachLessonHref(course.slug, id))
}

/** `POST`: move a lesson up or down in its section, or delete it (`op`). */
export async function lessonOpAction(form: FormData): Promise<void> {
  const { member, course } = await context(form)
  const found = lessonOf(course, text(form, 'lesson'))
  if (!found) redirect(teachCourseHref(course.slug))
  const op = text(form, 'op')
  const dir = direction.safeParse(op)
  const ok = await soft(async () => {
    if (op === 'delete') await deleteLesson(member, found.lesson.id)
    else if (dir.success) await moveLesson(member, found.section, found.lesson.id, dir.data)
  })
  redirect(`${teachCourseHref(course.slug)}${ok ? '' : '?failed=1'}#section-${found.section.id}`)
}

const lessonSchema = z.object({
  title,
  minutes: z.coerce.number('number').int('number').min(0, 'number').max(1440, 'number'),
  videoUrl: z.union([z.literal(''), z.url({ protocol: /^https$/, message: 'url' })]),
  body: z.string().max(MAX_MARKDOWN_LENGTH, 'body'),
})

/** `POST /teach/courses/<slug>/lessons/<id>`: title, minutes, video address, body (Markdown). */
export async function updateLessonAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, course } = await context(form)
  const found = lessonOf(course, text(form, 'lesson'))
  if (!found) redirect(teachCourseHref(course.slug))
  const parsed = lessonSchema.safeParse({
    title: text(form, 'title'),
    minutes: text(form, 'minutes').trim() || '0',
    videoUrl: text(form, 'videoUrl').trim(),
    body: text(form, 'body'),
  })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await updateLesson(member, found.lesson.id, {
      title: parsed.data.title,
      durationSeconds: parsed.data.minutes * 60,
      videoUrl: parsed.data.videoUrl,
      content: markdownToLexical(parsed.data.body),
    })
  } catch (error) {
    return cmsFailure(error, form, { durationSeconds: 'minutes', content: 'body' })
  }
  redirect(`${teachLessonHref(course.slug, found.lesson.id)}?saved=1`)
}

const quizSchema = z.object({
  title,
  passingScore: z.coerce.number('score').int('score').min(0, 'score').max(100, 'score'),
})

/** `POST`: a new quiz for a section; then its editor. */
export async function addQuizAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, school, course } = await context(form)
  const section = course.sections.find((s) => s.id === text(form, 'section'))
  if (!section) redirect(teachCourseHref(course.slug))
  const parsed = quizSchema.safeParse({
    title: text(form, 'title'),
    passingScore: text(form, 'passingScore') || '70',
  })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  let id: string
  try {
    id = await addQuiz(member, school, section, parsed.data)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(teachQuizHref(course.slug, id))
}

/** `POST`: the quiz's title and passing score. */
export async function updateQuizAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, course } = await context(form)
  const found = quizOf(course, text(form, 'quiz'))
  if (!found) redirect(teachCourseHref(course.slug))
  const parsed = quizSchema.safeParse({
    title: text(form, 'title'),
    passingScore: text(form, 'passingScore'),
  })
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await updateQuiz(member, found.quiz.id, parsed.data)
  } catch (error) {
    return cmsFailure(error, form)
  }
  redirect(`${teachQuizHref(course.slug, found.quiz.id)}?saved=quiz`)
}

/** `POST`: delete the quiz. */
export async function deleteQuizAction(form: FormData): Promise<void> {
  const { member, course } = await context(form)
  const found = quizOf(course, text(form, 'quiz'))
  const ok = found ? await soft(() => deleteQuiz(member, found.quiz.id)) : true
  redirect(`${teachCourseHref(course.slug)}${ok ? '' : '?failed=1'}#sections`)
}

/**
 * The question form's fields: `prompt`, `kind` (single|multiple), `explanation`, and per option
 * n (1…{@link MAX_OPTIONS}) `option<n>` (text; blank rows are ignored) and `correct<n>` (checkbox).
 */
async function parseQuestion(form: FormData) {
  const options: Array<{ text: string; correct: boolean }> = []
  for (let n = 1; n <= MAX_OPTIONS; n++) {
    const value = text(form, `option${n}`).trim()
    if (value) options.push({ text: value.slice(0, 300), correct: form.get(`correct${n}`) === 'on' })
  }
  const schema = z
    .object({
      prompt: z.string().trim().min(1, 'required').max(500, 'long'),
      kind: z.enum(['single', 'multiple'], 'invalid'),
      explanation: z.string().trim().max(1000, 'long'),
      options: z.array(z.object({ text: z.string(), correct: z.boolean() })).min(2, 'options'),
    })
    .superRefine((q, ctx) => {
      const correct = q.options.filter((o) => o.correct).length
      if (q.kind === 'single' && correct !== 1)
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'one' })
      if (q.kind === 'multiple' && correct < 1)
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'correct' })
    })
  return schema.safeParse({
    prompt: text(form, 'prompt'),
    kind: text(form, 'kind'),
    explanation: text(form, 'explanation'),
    options,
  })
}

/** `POST`: add a question (`question` empty) or replace one. */
export async function saveQuestionAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { member, course } = await context(form)
  const found = quizOf(course, text(form, 'quiz'))
  if (!found) redirect(teachCourseHref(course.slug))
  const questionId = text(form, 'question') || null
  if (questionId && !found.quiz.questions.some((q) => q.id === questionId)) {
    redirect(teachQuizHref(course.slug, found.quiz.id))
  }
  const parsed = await parseQuestion(form)
  if (!parsed.success) return { errors: await fieldErrors(parsed.error.issues), values: valuesOf(form) }
  try {
    await saveQuestion(member, found.quiz, questionId, parsed.data)
  } catch (error) {
    return cmsFailure(error, form, { questions: 'options' })
  }
  redirect(`${teachQuizHref(course.slug, found.quiz.id)}?saved=question`)
}

/** `POST`: delete a question. */
export async function deleteQuestionAction(form: FormData): Promise<void> {
  const { member, course } = await context(form)
  const found = quizOf(course, text(form, 'quiz'))
  if (!found) redirect(teachCourseHref(course.slug))
  const questionId = text(form, 'question')
  const ok = found.quiz.questions.some((q) => q.id === questionId)
    ? await soft(() => deleteQuestion(member, found.quiz, questionId))
    : true
  redirect(`${teachQuizHref(course.slug, found.quiz.id)}${ok ? '' : '?failed=1'}`)
}
