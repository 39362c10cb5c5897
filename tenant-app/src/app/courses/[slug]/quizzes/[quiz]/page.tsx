import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { cache } from 'react'
import { NotFoundView } from '../../../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../../../components/Unavailable.tsx'
import { getTenant, attempt as tryCms } from '../../../../../lib/cms.ts'
import { courseHref, parseCourseSlug, type SearchParams } from '../../../../../lib/params.ts'
import { myAttempts, parseQuizId, quizAccess } from '../../../../../lib/quiz.ts'
import { getMember } from '../../../../../lib/session.ts'
import { NOT_FOUND_HEADER } from '../../../../../lib/signals.ts'
import { submitQuiz } from '../../../../actions/learning.ts'

type Props = { params: Promise<{ slug: string; quiz: string }>; searchParams: Promise<SearchParams> }

async function load(params: Props['params']) {
  const { slug, quiz } = await params
  return loadQuiz(slug, quiz)
}

/** Once per request for metadata and page alike (React `cache`, keyed by the slug and id). */
const loadQuiz = cache(async (slug: string, quiz: string) => {
  const courseSlug = parseCourseSlug(slug)
  const quizId = parseQuizId(quiz)
  if (!courseSlug || !quizId) return { ok: true as const, value: null }
  return tryCms(async () => {
    const [school, member] = await Promise.all([getTenant(), getMember()])
    const access = await quizAccess(school, member, courseSlug, quizId)
    if (!access || !member) return null
    const attempts = (await myAttempts(member, school, access.course.id)).filter((a) => a.quizId === quizId)
    return { access, attempts }
  })
})

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(params)
  if (!result.ok || !result.value) {
    const t = await getTranslations(result.ok ? 'NotFound' : 'Error')
    return { title: t('title'), robots: { index: false, follow: false } }
  }
  const { access } = result.value
  return { title: `${access.quiz.title} · ${access.course.title}`, robots: { index: false } }
}

/**
 * `/courses/<course>/quizzes/<id>`: a quiz for members enrolled in the course (others: the 404
 * src/proxy.ts set). A form POST submits the answers; the cms grades them and the page shows the
 * feedback of the attempt named by `?attempt=`.
 */
export default async function QuizRoute({ params, searchParams }: Props) {
  const result = await load(params)
  if (!result.ok) return <Unavailable />
  if (!result.value) {
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const { access, attempts } = result.value
  const { course, quiz } = access
  const t = await getTranslations('Quiz')
  const shownId = (await searchParams).attempt
  const shown = attempts.find((a) => a.id === shownId) ?? null
  const passed = attempts.some((a) => a.passed)
  const best = attempts.reduce((n, a) => Math.max(n, a.score), 0)
  return (
    <article className="player-lesson quiz">
      <p className="eyebrow">
        <Link href={courseHref(course.slug)}>{course.title}</Link>
      </p>
      <h1>{quiz.title}</h1>
      <p>{t('intro', { passing: quiz.passingScore, questions: quiz.questions.length })}</p>
      {attempts.length > 0 && (
        <p>{t('attempts', { count: attempts.length, best, passed: passed ? 'yes' : 'no' })}</p>
      )}
      {shown && (
        <section
          aria-labelledby="feedback"
          className={shown.passed ? 'form-success' : 'form-error'}
          role="status"
        >
          <h2 id="feedback">
            {shown.passed
              ? t('passed', { score: shown.score })
              : t('failed', { score: shown.score, passing: quiz.passingScore })}
          </h2>
          <ol>
            {quiz.questions.map((q) => (
              <li key={q.id}>
                <strong>{q.prompt}</strong> — {shown.results[q.id] ? t('right') : t('wrong')}
                {q.explanation && <p>{q.explanation}</p>}
              </li>
            ))}
          </ol>
          {shown.passed && (
            <p>
              <Link className="button" href={courseHref(course.slug)}>
                {t('backToCourse')}
              </Link>
            </p>
          )}
        </section>
      )}
      <form action={submitQuiz} className="form">
        <input type="hidden" name="course" value={course.slug} />
        <input type="hidden" name="quiz" value={quiz.id} />
        {quiz.questions.map((question, n) => (
          <fieldset key={question.id} className="question">
            <legend>
              {n + 1}. {question.prompt}{' '}
              <span className="field-hint">
                {question.kind === 'single' ? t('chooseOne') : t('chooseSeveral')}
              </span>
            </legend>
            {question.options.map((option) => {
              const id = `q-${question.id}-${option.id}`
              return (
                <div key={option.id} className="choice">
                  <input
                    id={id}
                    type={question.kind === 'single' ? 'radio' : 'checkbox'}
                    name={`q:${question.id}`}
                    value={option.id}
                  />
                  <label htmlFor={id}>{option.text}</label>
                </div>
              )
            })}
          </fieldset>
        ))}
        <button type="submit" className="button">
          {attempts.length > 0 ? t('retry') : t('submit')}
        </button>
      </form>
    </article>
  )
}
