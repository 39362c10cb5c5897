import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { Duration } from '../../../../components/Duration.tsx'
import { TeachForm } from '../../../../components/forms/TeachForm.tsx'
import { NotFoundView } from '../../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../../components/Unavailable.tsx'
import { teachContext } from '../../../../lib/authoring.ts'
import { attempt, getTenant } from '../../../../lib/cms.ts'
import { courseHref, type SearchParams } from '../../../../lib/params.ts'
import { getMember } from '../../../../lib/session.ts'
import { teachLearnersHref, teachLessonHref, teachQuizHref } from '../../../../lib/teach-paths.ts'
import {
  addLessonAction,
  addQuizAction,
  addSectionAction,
  lessonOpAction,
  publishAction,
  renameSectionAction,
  sectionOpAction,
  updateCourseAction,
} from '../../../actions/teach.ts'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Teach')
  return { title: t('title'), robots: { index: false } }
}

/** A small POST form with one button (move, delete, publish): works without JavaScript. */
function OpButton({
  action,
  hidden,
  label,
  secondary = true,
}: {
  action: (form: FormData) => Promise<void>
  hidden: Record<string, string>
  label: string
  secondary?: boolean
}) {
  return (
    <form action={action} className="op-form">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={secondary ? 'button button-secondary button-small' : 'button'}>
        {label}
      </button>
    </form>
  )
}

/** `/teach/courses/<slug>`: the course editor (details, publish, sections, lessons, quizzes). */
export default async function TeachCoursePage({ params, searchParams }: Props) {
  const { slug } = await params
  const query = await searchParams
  const result = await attempt(() => teachContext({ school: getTenant, member: getMember }, slug))
  if (!result.ok) return <Unavailable />
  const course = result.value?.course
  if (!course) return <NotFoundView />
  const locale = result.value?.school.locale ?? 'en'
  const t = await getTranslations('Teach')
  const saved = typeof query.saved === 'string' ? query.saved : null
  const c = { course: course.slug }
  return (
    <>
      <p>
        <Link href="/teach">← {t('backToCourses')}</Link>
      </p>
      <h1>{course.title}</h1>
      {saved && (
        <p role="status" className="form-success">
          {saved === 'published'
            ? t('publishedNotice')
            : saved === 'unpublished'
              ? t('unpublishedNotice')
              : t('saved')}
        </p>
      )}
      {query.failed && (
        <p role="alert" className="form-error">
          {t('failed')}
        </p>
      )}
      <div className="teach-status">
        <p>
          {t('status')}:{' '}
          <span className={course.published ? 'badge badge-live' : 'badge'}>
            {course.published ? t('published') : t('draft')}
          </span>
        </p>
        <OpButton
          action={publishAction}
          hidden={{ ...c, publish: course.published ? '0' : '1' }}
          label={course.published ? t('unpublish') : t('publish')}
          secondary={course.published}
        />
        {course.published && <Link href={courseHref(course.slug)}>{t('viewInCatalog')}</Link>}
        <Link href={teachLearnersHref(course.slug)}>{t('learners')}</Link>
      </div>

      <section aria-labelledby="details" className="narrow">
        <h2 id="details">{t('courseDetails')}</h2>
        <TeachForm
          id="course"
          action={updateCourseAction}
          hidden={c}
          submit={t('save')}
          fields={[
            {
              name: 'title',
              label: t('courseTitle'),
              type: 'text',
              required: true,
              defaultValue: course.title,
            },
            { name: 'summary', label: t('summary'), type: 'textarea', rows: 3, defaultValue: course.summary },
          ]}
        />
      </section>

      <section aria-labelledby="sections" id="sections">
        <h2 id="sections-title">{t('sections')}</h2>
        {course.sections.length === 0 && <p>{t('noSections')}</p>}
        <ol className="teach-sections">
          {course.sections.map((section, i) => (
            <li key={section.id} id={`section-${section.id}`} className="teach-section">
              <h3>{section.title}</h3>
              <div className="teach-ops">
                {i > 0 && (
                  <OpButton
                    action={sectionOpAction}
                    hidden={{ ...c, section: section.id, op: 'up' }}
                    label={t('moveUp')}
                  />
                )}
                {i < course.sections.length - 1 && (
                  <OpButton
                    action={sectionOpAction}
                    hidden={{ ...c, section: section.id, op: 'down' }}
                    label={t('moveDown')}
                  />
                )}
                <OpButton
                  action={sectionOpAction}
                  hidden={{ ...c, section: section.id, op: 'delete' }}
                  label={t('delete')}
                />
              </div>
              <TeachForm
                id={`rename-${section.id}`}
                action={renameSectionAction}
                hidden={{ ...c, section: section.id }}
                submit={t('rename')}
                inline
                fields={[
                  { name: 'title', label: t('sectionTitle'), type: 'text', defaultValue: section.title },
                ]}
              />
              <h4>{t('lessonsOf', { section: section.title })}</h4>
              {section.lessons.length === 0 ? (
                <p>{t('noLessons')}</p>
              ) : (
                <ol className="teach-lessons">
                  {section.lessons.map((lesson, j) => (
                    <li key={lesson.id}>
                      <Link href={teachLessonHref(course.slug, lesson.id)}>{lesson.title}</Link>{' '}
                      <Duration seconds={lesson.durationSeconds} locale={locale} />
                      <span className="teach-ops">
                        {j > 0 && (
                          <OpButton
                            action={lessonOpAction}
                            hidden={{ ...c, lesson: lesson.id, op: 'up' }}
                            label={t('moveUp')}
                          />
                        )}
                        {j < section.lessons.length - 1 && (
                          <OpButton
                            action={lessonOpAction}
                            hidden={{ ...c, lesson: lesson.id, op: 'down' }}
                            label={t('moveDown')}
                          />
                        )}
                        <OpButton
                          action={lessonOpAction}
                          hidden={{ ...c, lesson: lesson.id, op: 'delete' }}
                          label={t('delete')}
                        />
                      </span>
                    </li>
                  ))}
                </ol>
              )}
              <TeachForm
                id={`lesson-${section.id}`}
                action={addLessonAction}
                hidden={{ ...c, section: section.id }}
                submit={t('addLesson')}
                inline
                fields={[{ name: 'title', label: t('lessonTitle'), type: 'text', required: true }]}
              />
              {section.quizzes.map((quiz) => (
                <p key={quiz.id} className="outline-quiz">
                  <Link href={teachQuizHref(course.slug, quiz.id)}>{quiz.title}</Link> —{' '}
                  {t('questionsCount', { count: quiz.questions.length })}
                </p>
              ))}
              <TeachForm
                id={`quiz-${section.id}`}
                action={addQuizAction}
                hidden={{ ...c, section: section.id }}
                submit={t('addQuiz')}
                inline
                fields={[
                  { name: 'title', label: t('quizTitle'), type: 'text', required: true },
                  { name: 'passingScore', label: t('passingScore'), type: 'number', defaultValue: '70' },
                ]}
              />
            </li>
          ))}
        </ol>
        <TeachForm
          id="new-section"
          action={addSectionAction}
          hidden={c}
          submit={t('addSection')}
          inline
          fields={[{ name: 'title', label: t('sectionTitle'), type: 'text', required: true }]}
        />
      </section>
    </>
  )
}
