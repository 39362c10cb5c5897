import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { NotFoundView } from '../../../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../../../components/Unavailable.tsx'
import { courseLearners, teachContext } from '../../../../../lib/authoring.ts'
import { attempt, getTenant } from '../../../../../lib/cms.ts'
import { getMember } from '../../../../../lib/session.ts'
import { teachCourseHref } from '../../../../../lib/teach-paths.ts'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Teach')
  return { title: t('learners'), robots: { index: false } }
}

/** `/teach/courses/<slug>/learners`: who is enrolled, their progress and their best quiz scores. */
export default async function TeachLearnersPage({ params }: Props) {
  const { slug } = await params
  const result = await attempt(async () => {
    const ctx = await teachContext({ school: getTenant, member: getMember }, slug)
    if (!ctx?.course) return null
    return { course: ctx.course, learners: await courseLearners(ctx.member, ctx.course) }
  })
  if (!result.ok) return <Unavailable />
  if (!result.value) return <NotFoundView />
  const { course, learners } = result.value
  const quizzes = course.sections.flatMap((s) => s.quizzes)
  const t = await getTranslations('Teach')
  const format = await getFormatter()
  return (
    <>
      <p>
        <Link href={teachCourseHref(course.slug)}>← {t('backToCourse')}</Link>
      </p>
      <h1>{t('learnersTitle', { course: course.title })}</h1>
      {learners.length === 0 ? (
        <p>{t('noLearners')}</p>
      ) : (
        <div className="table-wrap">
          <table className="teach-learners">
            <thead>
              <tr>
                <th scope="col">{t('learner')}</th>
                <th scope="col">{t('enrolled')}</th>
                <th scope="col">{t('progress')}</th>
                {quizzes.map((q) => (
                  <th key={q.id} scope="col">
                    {q.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {learners.map((l) => (
                <tr key={l.userId}>
                  <th scope="row">
                    {l.name || l.email || l.userId}
                    {l.name && l.email ? <span className="field-hint"> {l.email}</span> : null}
                  </th>
                  <td>
                    {l.enrolledAt ? format.dateTime(new Date(l.enrolledAt), { dateStyle: 'medium' }) : ''}
                  </td>
                  <td>
                    {format.number(l.percent / 100, { style: 'percent' })}
                    {l.completedAt && (
                      <>
                        {' '}
                        (
                        {t('completedOn', {
                          date: format.dateTime(new Date(l.completedAt), { dateStyle: 'medium' }),
                        })}
                        )
                      </>
                    )}
                  </td>
                  {quizzes.map((q) => {
                    const r = l.quizzes[q.id]
                    return (
                      <td key={q.id}>
                        {r ? t('quizResult', { score: r.best, passed: String(r.passed) }) : t('notAttempted')}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
