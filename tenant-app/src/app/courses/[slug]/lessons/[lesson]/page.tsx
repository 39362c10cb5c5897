import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { cache } from 'react'
import { NotFoundView } from '../../../../../components/NotFoundView.tsx'
import { ProgressBar } from '../../../../../components/ProgressBar.tsx'
import { ReportPanel } from '../../../../../components/ReportPanel.tsx'
import { RichText } from '../../../../../components/RichText.tsx'
import { Unavailable } from '../../../../../components/Unavailable.tsx'
import { lessonAttachments } from '../../../../../lib/attachments.ts'
import { formatBytes } from '../../../../../lib/bytes.ts'
import { attempt, getTenant } from '../../../../../lib/cms.ts'
import {
  completedLessons,
  lessonAccess,
  lessonsInOrder,
  neighbours,
  progressOf,
  rememberLesson,
} from '../../../../../lib/learning.ts'
import {
  courseHref,
  lessonHref,
  mediaHref,
  parseCourseSlug,
  parseLessonSlug,
} from '../../../../../lib/params.ts'
import { courseQuizzes, passedQuizzes, quizHref } from '../../../../../lib/quiz.ts'
import { itemKey, reportedOnLesson } from '../../../../../lib/reports.ts'
import { getMember, handedEnrollment } from '../../../../../lib/session.ts'
import { NOT_FOUND_HEADER } from '../../../../../lib/signals.ts'
import { videoEmbed } from '../../../../../lib/video.ts'
import { markLessonComplete } from '../../../../actions/learning.ts'

type Props = {
  params: Promise<{ slug: string; lesson: string }>
  searchParams?: Promise<Record<string, string | string[] | undefined>>
}

async function load(params: Props['params']) {
  const { slug, lesson } = await params
  return loadLesson(slug, lesson)
}

/** Once per request for metadata and page alike (React `cache`, keyed by the two slugs). */
const loadLesson = cache(async (slug: string, lesson: string) => {
  const courseSlug = parseCourseSlug(slug)
  const lessonSlug = parseLessonSlug(lesson)
  if (!courseSlug || !lessonSlug) return { ok: true as const, value: null }
  return attempt(async () => {
    const [school, member] = await Promise.all([getTenant(), getMember()])
    // The enrollment src/proxy.ts read to let this request through: not read a second time.
    const access = await lessonAccess(school, member, courseSlug, lessonSlug, handedEnrollment)
    if (!access || !member) return null
    const [completed, quizzes, passed] = await Promise.all([
      completedLessons(member, school, [access.course.id]),
      courseQuizzes(school, access.course.id),
      passedQuizzes(member, school, access.course.id),
    ])
    return { school, member, access, completed, quizzes, passed }
  })
})

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(params)
  if (!result.ok || !result.value) {
    const t = await getTranslations(result.ok ? 'NotFound' : 'Error')
    return { title: t('title'), robots: { index: false, follow: false } }
  }
  const { access } = result.value
  return { title: `${access.lesson.title} · ${access.course.title}`, robots: { index: false } }
}

/**
 * `/courses/<course>/lessons/<lesson>`: the lesson player, for members enrolled in the course.
 * Anyone else (signed out, not enrolled, another school's or a missing lesson) gets the 404
 * that src/proxy.ts set, with the not-found view.
 */
export default async function LessonRoute({ params, searchParams }: Props) {
  const result = await load(params)
  if (!result.ok) return <Unavailable />
  if (!result.value) {
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const { school, member, access, completed, quizzes, passed } = result.value
  const q = await getTranslations('Quiz')
  const { course, lesson } = access
  await rememberLesson(member, access.enrollment, lesson.id)
  const t = await getTranslations('Learning')
  const all = lessonsInOrder(course)
  const position = all.findIndex((l) => l.id === lesson.id) + 1
  const { previous, next } = neighbours(course, lesson.id)
  const done = completed.has(lesson.id)
  const video = videoEmbed(lesson.videoUrl)
  // Moderation (decision 095): what the member already reported here, and the form's outcome.
  const query = (await searchParams) ?? {}
  const reportedNow = await attempt(() => reportedOnLesson(member, school, lesson.id))
  const reported = reportedNow.ok ? reportedNow.value : new Set<string>()
  const reportState = (key: string) =>
    query.reported === key ? ('sent' as const) : query.reportError === key ? ('error' as const) : null
  const lessonKey = itemKey('lesson', lesson.id)
  // Attachments are optional: when the cms cannot list them, the lesson still shows.
  const files = await attempt(() => lessonAttachments(school, lesson.id))
  const attachments = files.ok ? files.value : []
  return (
    <div className="player">
      <nav aria-label={t('lessonNav')} className="player-outline">
        <p>
          <Link href={courseHref(course.slug)}>{t('backToCourse')}</Link>
        </p>
        <ProgressBar progress={progressOf(course, completed)} label={t('progressLabel')} />
        <ol>
          {course.sections.flatMap((section) => [
            ...section.lessons.map((item) => (
              <li key={item.id}>
                <Link
                  href={lessonHref(course.slug, item.slug)}
                  aria-current={item.id === lesson.id ? 'page' : undefined}
                >
                  {item.title}
                </Link>
                {completed.has(item.id) && <span className="done-mark"> ✓ {t('completedMark')}</span>}
              </li>
            )),
            ...quizzes
              .filter((quiz) => quiz.sectionId === section.id)
              .map((quiz) => (
                <li key={quiz.id} className="outline-quiz">
                  <Link href={quizHref(course.slug, quiz.id)}>{q('quizLabel', { title: quiz.title })}</Link>
                  {passed.has(quiz.id) && <span className="done-mark"> ✓ {q('passedMark')}</span>}
                </li>
              )),
          ])}
        </ol>
      </nav>
      <article className="player-lesson">
        <p className="eyebrow">
          {course.title} · {t('lessonOf', { n: position, total: all.length })}
        </p>
        <h1>{lesson.title}</h1>
        {video && (
          <div className="video">
            {video.kind === 'file' ? (
              // biome-ignore lint/a11y/useMediaCaption: captions come with the school's own files, when it has them
              <video
                controls
                preload="metadata"
                src={video.src}
                title={t('video', { title: lesson.title })}
              />
            ) : (
              <iframe
                src={video.src}
                title={t('video', { title: lesson.title })}
                allow="fullscreen; picture-in-picture; encrypted-media"
                sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
                referrerPolicy="strict-origin-when-cross-origin"
                loading="lazy"
              />
            )}
          </div>
        )}
        <div className="prose">
          <RichText content={lesson.content} />
        </div>
        {attachments.length > 0 && (
          <section aria-labelledby="attachments-heading" className="attachments">
            <h2 id="attachments-heading">{t('attachments')}</h2>
            <ul>
              {attachments.map((file) => (
                <li key={file.id}>
                  <a href={mediaHref(file.filename)} download={file.filename}>
                    {file.filename}
                  </a>{' '}
                  <span className="attachment-size">({formatBytes(file.filesize, school.locale)})</span>
                  <ReportPanel
                    course={course.slug}
                    lesson={lesson.slug}
                    itemType="media"
                    media={file.id}
                    itemKey={itemKey('media', file.id)}
                    reported={reported.has(itemKey('media', file.id))}
                    state={reportState(itemKey('media', file.id))}
                  />
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="player-actions">
          {done ? (
            <p className="done-mark" role="status">
              ✓ {t('completed')}
            </p>
          ) : (
            <form action={markLessonComplete}>
              <input type="hidden" name="course" value={course.slug} />
              <input type="hidden" name="lesson" value={lesson.slug} />
              <button type="submit" className="button">
                {t('markComplete')}
              </button>
            </form>
          )}
        </div>
        <ReportPanel
          course={course.slug}
          lesson={lesson.slug}
          itemType="lesson"
          itemKey={lessonKey}
          reported={reported.has(lessonKey)}
          state={reportState(lessonKey)}
        />
        <nav aria-label={t('lessonNav')} className="player-pager">
          {previous && (
            <Link rel="prev" href={lessonHref(course.slug, previous.slug)}>
              ← {t('previous')}: {previous.title}
            </Link>
          )}
          {next && (
            <Link rel="next" href={lessonHref(course.slug, next.slug)}>
              {t('next')}: {next.title} →
            </Link>
          )}
        </nav>
      </article>
    </div>
  )
}
