import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getLocale, getTranslations } from 'next-intl/server'
import { cache } from 'react'
import { EnrollPanel } from '../../../components/EnrollPanel.tsx'
import { NotFoundView } from '../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../components/Unavailable.tsx'
import { loadCourse } from '../../../lib/catalog.ts'
import { attempt, getTenant } from '../../../lib/cms.ts'
import { formatDuration, toIsoDuration } from '../../../lib/duration.ts'
import { courseHref, mediaHref, parseCourseSlug, type SearchParams } from '../../../lib/params.ts'
import { NOT_FOUND_HEADER } from '../../../lib/signals.ts'
import styles from './page.module.css'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }

/** Once per request for metadata and page alike (React `cache`, keyed by the slug). */
const load = cache(async (slugParam: string) => {
  const slug = parseCourseSlug(slugParam)
  if (!slug) return { ok: true as const, value: null }
  return attempt(async () => {
    const school = await getTenant()
    const course = await loadCourse(school, slug)
    return course ? { school, course } : null
  })
})

/** The course's title and summary; nothing special when it is missing (the page answers 404). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load((await params).slug)
  if (!result.ok) {
    const t = await getTranslations('Error')
    return { title: t('title'), robots: { index: false, follow: false } }
  }
  const course = result.value?.course
  if (!course) {
    const t = await getTranslations('NotFound')
    return { title: t('title'), robots: { index: false, follow: false } }
  }
  return {
    title: course.title,
    ...(course.summary ? { description: course.summary } : {}),
    alternates: { canonical: courseHref(course.slug) },
  }
}

/**
 * `/courses/<slug>`: a published course of the school with its sections and lessons in order.
 * A slug the tenant key cannot see (missing, unpublished, another school's) is a 404 with the
 * school's not-found view (src/proxy.ts explains why the proxy sets that status).
 */
export default async function CourseRoute({ params, searchParams }: Props) {
  const result = await load((await params).slug)
  if (!result.ok) return <Unavailable />
  const course = result.value?.course
  if (!result.value || !course) {
    // The proxy set the 404: render the view here, so it is in the HTML. Otherwise (the course
    // went away between the two checks) notFound() still guarantees the status.
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const refusal = (await searchParams).enroll === 'full' ? 'full' : null
  const t = await getTranslations('Course')
  const locale = await getLocale()
  let lessonNumber = 1
  return (
    <>
      <nav aria-label={t('breadcrumb')} className={styles.breadcrumb}>
        <ol>
          <li>
            <Link href="/">{t('allCourses')}</Link>
          </li>
          <li aria-current="page">{course.title}</li>
        </ol>
      </nav>
      <article className={styles.course}>
        <header className={styles.head}>
          <div className={styles.headText}>
            <h1>{course.title}</h1>
            {course.summary && <p className={styles.summary}>{course.summary}</p>}
            <p className={styles.facts}>
              {t('summary', {
                lessons: course.lessonCount,
                duration: formatDuration(course.durationSeconds, locale),
              })}
            </p>
            <EnrollPanel school={result.value.school} course={course} refusal={refusal} />
          </div>
          {course.cover && (
            <img
              className={styles.cover}
              src={mediaHref(course.cover.filename)}
              alt={course.cover.alt}
              width={course.cover.width ?? undefined}
              height={course.cover.height ?? undefined}
            />
          )}
        </header>

        <section aria-labelledby="course-content" className={styles.content}>
          <h2 id="course-content">{t('contentHeading')}</h2>
          {course.sections.length === 0 ? (
            <p>{t('noSections')}</p>
          ) : (
            <ol className={styles.sections}>
              {course.sections.map((section) => {
                const start = lessonNumber
                lessonNumber += section.lessons.length
                return (
                  <li key={section.id} className={styles.section}>
                    <div className={styles.sectionHead}>
                      <h3>{section.title}</h3>
                      <p className={styles.sectionFacts}>
                        {t('sectionSummary', {
                          lessons: section.lessons.length,
                          duration: formatDuration(section.durationSeconds, locale),
                        })}
                      </p>
                    </div>
                    {section.lessons.length > 0 && (
                      <ol className={styles.lessons} start={start}>
                        {section.lessons.map((lesson) => (
                          <li key={lesson.id} className={styles.lesson}>
                            <span className={styles.lessonTitle}>{lesson.title}</span>
                            <span className={styles.lessonDuration}>
                              {t.rich('lessonDuration', {
                                duration: formatDuration(lesson.durationSeconds, locale, 'second'),
                                label: (chunks) => <span className="visually-hidden">{chunks}</span>,
                                time: (chunks) => (
                                  <time dateTime={toIsoDuration(lesson.durationSeconds, 'second')}>
                                    {chunks}
                                  </time>
                                ),
                              })}
                            </span>
                          </li>
                        ))}
                      </ol>
                    )}
                  </li>
                )
              })}
            </ol>
          )}
        </section>
      </article>
    </>
  )
}
