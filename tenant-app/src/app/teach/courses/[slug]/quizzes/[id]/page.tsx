import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { type TeachField, TeachForm } from '../../../../../../components/forms/TeachForm.tsx'
import { NotFoundView } from '../../../../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../../../../components/Unavailable.tsx'
import { type AuthorQuestion, quizOf, teachContext } from '../../../../../../lib/authoring.ts'
import { attempt, getTenant } from '../../../../../../lib/cms.ts'
import type { SearchParams } from '../../../../../../lib/params.ts'
import { getMember } from '../../../../../../lib/session.ts'
import { MAX_OPTIONS, teachCourseHref } from '../../../../../../lib/teach-paths.ts'
import {
  deleteQuestionAction,
  deleteQuizAction,
  saveQuestionAction,
  updateQuizAction,
} from '../../../../../actions/teach.ts'

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<SearchParams> }

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Teach')
  return { title: t('quizEditor'), robots: { index: false } }
}

/**
 * `/teach/courses/<slug>/quizzes/<id>`: the quiz editor: title and passing score, then each
 * question (single or multiple choice; up to {@link MAX_OPTIONS} options, the correct ones
 * ticked) with its own form, and a form for a new one.
 */
export default async function TeachQuizPage({ params, searchParams }: Props) {
  const { slug, id } = await params
  const query = await searchParams
  const result = await attempt(() => teachContext({ school: getTenant, member: getMember }, slug))
  if (!result.ok) return <Unavailable />
  const course = result.value?.course
  const found = course ? quizOf(course, id) : null
  if (!course || !found) return <NotFoundView />
  const { quiz } = found
  const t = await getTranslations('Teach')
  const hidden = { course: course.slug, quiz: quiz.id }

  const questionFields = (q: AuthorQuestion | null): TeachField[] => {
    const rows: TeachField[] = []
    for (let n = 1; n <= MAX_OPTIONS; n++) {
      const option = q?.options[n - 1]
      rows.push(
        {
          name: `option${n}`,
          label: t('option', { n }),
          type: 'text',
          defaultValue: option?.text ?? '',
          errorKey: 'options',
        },
        {
          name: `correct${n}`,
          label: `${t('correct')} (${t('option', { n })})`,
          type: 'checkbox',
          checked: option?.correct ?? false,
          errorKey: 'options',
        },
      )
    }
    return [
      { name: 'prompt', label: t('prompt'), type: 'text', required: true, defaultValue: q?.prompt ?? '' },
      {
        name: 'kind',
        label: t('kind'),
        type: 'select',
        defaultValue: q?.kind ?? 'single',
        options: [
          { value: 'single', label: t('single') },
          { value: 'multiple', label: t('multiple') },
        ],
      },
      ...rows,
      {
        name: 'explanation',
        label: t('explanation'),
        type: 'textarea',
        rows: 2,
        defaultValue: q?.explanation ?? '',
      },
    ]
  }

  return (
    <>
      <p>
        <Link href={`${teachCourseHref(course.slug)}#section-${found.section.id}`}>
          ← {t('backToCourse')}
        </Link>
      </p>
      <h1>
        {t('quizEditor')}: {quiz.title}
      </h1>
      {query.saved && (
        <p role="status" className="form-success">
          {t('saved')}
        </p>
      )}
      {query.failed && (
        <p role="alert" className="form-error">
          {t('failed')}
        </p>
      )}
      <div className="narrow">
        <TeachForm
          id="quiz"
          action={updateQuizAction}
          hidden={hidden}
          submit={t('save')}
          fields={[
            { name: 'title', label: t('quizTitle'), type: 'text', required: true, defaultValue: quiz.title },
            {
              name: 'passingScore',
              label: t('passingScore'),
              type: 'number',
              defaultValue: String(quiz.passingScore),
            },
          ]}
        />
        <form action={deleteQuizAction} className="op-form">
          <input type="hidden" name="course" value={course.slug} />
          <input type="hidden" name="quiz" value={quiz.id} />
          <button type="submit" className="button button-secondary">
            {t('deleteQuiz')}
          </button>
        </form>
      </div>
      <section aria-labelledby="questions">
        <h2 id="questions">{t('questions')}</h2>
        {quiz.questions.length === 0 && <p>{t('noQuestions')}</p>}
        <ol className="teach-questions">
          {quiz.questions.map((q) => (
            <li key={q.id} className="question">
              <fieldset>
                <legend>{q.prompt}</legend>
                <TeachForm
                  id={`q-${q.id}`}
                  action={saveQuestionAction}
                  hidden={{ ...hidden, question: q.id }}
                  submit={t('saveQuestion')}
                  fields={questionFields(q)}
                />
              </fieldset>
              <form action={deleteQuestionAction} className="op-form">
                <input type="hidden" name="course" value={course.slug} />
                <input type="hidden" name="quiz" value={quiz.id} />
                <input type="hidden" name="question" value={q.id} />
                <button type="submit" className="button button-secondary button-small">
                  {t('deleteQuestion')}
                </button>
              </form>
            </li>
          ))}
        </ol>
        <h3 id="new-question">{t('newQuestion')}</h3>
        <div className="narrow">
          <TeachForm
            id="new-q"
            action={saveQuestionAction}
            hidden={{ ...hidden, question: '' }}
            submit={t('saveQuestion')}
            fields={questionFields(null)}
          />
        </div>
      </section>
    </>
  )
}
