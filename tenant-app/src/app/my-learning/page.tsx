import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getFormatter, getTranslations } from 'next-intl/server'
import { ProgressBar } from '../../components/ProgressBar.tsx'
import { Unavailable } from '../../components/Unavailable.tsx'
import { attempt, getTenant } from '../../lib/cms.ts'
import { myLearning } from '../../lib/learning.ts'
import { courseHref, lessonHref } from '../../lib/params.ts'
import { getMember } from '../../lib/session.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Learning')
  return { title: t('myLearningTitle'), robots: { index: false } }
}

/** `/my-learning`: the member's courses with progress and a "resume" link; visitors sign in first. */
export default async function MyLearningPage() {
  const result = await attempt(async () => {
    const [school, member] = await Promise.all([getTenant(), getMember()])
    return { school, member, items: member ? await myLearning(member, school) : [] }
  })
  if (!result.ok) return <Unavailable />
  const { school, member, items } = result.value
  if (!member) redirect('/login?next=%2Fmy-learning')
  const t = await getTranslations('Learning')
  const format = await getFormatter()
  return (
    <>
      <h1>{t('myLearningTitle')}</h1>
      <p>{t('myLearningIntro', { school: school.name })}</p>
      {items.length === 0 ? (
        <div className="empty-state">
          <p>{t('nothingYet')}</p>
          <Link className="button" href="/">
            {t('browse')}
          </Link>
        </div>
      ) : (
        <ul className="learning-list">
          {items.map((item) => (
            <li key={item.courseId} className="learning-item">
              <h2>
                <Link href={courseHref(item.slug)}>{item.title}</Link>
              </h2>
              <ProgressBar progress={item.progress} label={`${t('progressLabel')}: ${item.title}`} />
              {item.completedAt && (
                <p>
                  {t('completedOn', {
                    date: format.dateTime(new Date(item.completedAt), { dateStyle: 'long' }),
                  })}
                </p>
              )}
              {item.resume && (
                <Link className="button" href={lessonHref(item.slug, item.resume.slug)}>
                  {item.completedAt ? t('review') : t('resume', { lesson: item.resume.title })}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
