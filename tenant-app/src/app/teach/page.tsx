import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { TeachForm } from '../../components/forms/TeachForm.tsx'
import { NotFoundView } from '../../components/NotFoundView.tsx'
import { Unavailable } from '../../components/Unavailable.tsx'
import { authorCourses, teachContext } from '../../lib/authoring.ts'
import { attempt, getTenant } from '../../lib/cms.ts'
import { getMember } from '../../lib/session.ts'
import { teachCourseHref } from '../../lib/teach-paths.ts'
import { createCourseAction } from '../actions/teach.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Teach')
  return { title: t('title'), robots: { index: false } }
}

/** `/teach`: the school's courses (drafts and published) and "new course"; authors only (else 404). */
export default async function TeachPage() {
  const result = await attempt(async () => {
    const ctx = await teachContext({ school: getTenant, member: getMember })
    return ctx ? { ...ctx, courses: await authorCourses(ctx.member, ctx.school) } : null
  })
  if (!result.ok) return <Unavailable />
  if (!result.value) return <NotFoundView />
  const { school, courses } = result.value
  const t = await getTranslations('Teach')
  const format = await getFormatter()
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro', { school: school.name })}</p>
      {courses.length === 0 ? (
        <p className="empty-state">{t('noCourses')}</p>
      ) : (
        <ul className="learning-list teach-courses">
          {courses.map((c) => (
            <li key={c.id} className="learning-item">
              <h2>
                <Link href={teachCourseHref(c.slug)}>{c.title}</Link>
              </h2>
              <p>
                <span className={c.published ? 'badge badge-live' : 'badge'}>
                  {c.published ? t('published') : t('draft')}
                </span>{' '}
                <time dateTime={c.updatedAt}>
                  {format.dateTime(new Date(c.updatedAt), { dateStyle: 'medium' })}
                </time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-course" className="narrow">
        <h2 id="new-course">{t('newCourse')}</h2>
        <TeachForm
          id="new-course"
          action={createCourseAction}
          hidden={{}}
          submit={t('create')}
          fields={[
            { name: 'title', label: t('courseTitle'), type: 'text', required: true },
            { name: 'summary', label: t('summary'), type: 'textarea', rows: 3 },
          ]}
        />
      </section>
    </>
  )
}
