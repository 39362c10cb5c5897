import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import type { CourseCard as Course } from '../lib/catalog.ts'
import { courseHref, mediaHref } from '../lib/params.ts'
import styles from './CourseCard.module.css'
import { Duration } from './Duration.tsx'

/** A course in the catalog: cover, title (the link to the course), summary, lessons and length. */
export async function CourseCard({ course, locale }: { course: Course; locale: string }) {
  const t = await getTranslations('Catalog')
  return (
    <article className={styles.card}>
      {course.cover ? (
        // The title says what the course is: the cover is decorative.
        <img
          className={styles.cover}
          src={mediaHref(course.cover.filename)}
          alt=""
          width={course.cover.width ?? undefined}
          height={course.cover.height ?? undefined}
          loading="lazy"
        />
      ) : (
        <div className={styles.placeholder} aria-hidden="true">
          {Array.from(course.title.trim())[0]?.toUpperCase()}
        </div>
      )}
      <div className={styles.body}>
        <h2 className={styles.title}>
          <Link href={courseHref(course.slug)} className={styles.link}>
            {course.title}
          </Link>
        </h2>
        {course.summary && <p className={styles.summary}>{course.summary}</p>}
        <p className={styles.meta}>
          <span>{t('lessonCount', { count: course.lessonCount })}</span>
          <span aria-hidden="true"> · </span>
          <Duration seconds={course.durationSeconds} locale={locale} />
        </p>
      </div>
    </article>
  )
}
