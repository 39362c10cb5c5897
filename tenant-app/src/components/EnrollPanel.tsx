import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { enrollInCourse } from '../app/actions/learning.ts'
import type { CourseOutline } from '../lib/catalog.ts'
import type { School } from '../lib/cms.ts'
import { completedLessons, findEnrollment, progressOf, resumeLesson } from '../lib/learning.ts'
import { courseHref, lessonHref } from '../lib/params.ts'
import { certificateHref, courseQuizzes, myCertificate, passedQuizzes, quizHref } from '../lib/quiz.ts'
import { memberIfAvailable } from '../lib/session.ts'
import { ProgressBar } from './ProgressBar.tsx'

/**
 * The course page's call to action: "Sign in to enroll" for visitors, an Enroll button (a form
 * POST) for members, and progress with "continue" for enrolled members.
 */
export async function EnrollPanel({
  school,
  course,
  refusal,
}: {
  school: School
  course: CourseOutline
  refusal: 'full' | null
}) {
  const t = await getTranslations('Learning')
  const member = await memberIfAvailable()
  if (!member) {
    return (
      <div className="enroll">
        <Link className="button" href={`/login?next=${encodeURIComponent(courseHref(course.slug))}`}>
          {t('signInToEnroll')}
        </Link>
      </div>
    )
  }
  const enrollment = await findEnrollment(member, school, course.id)
  if (!enrollment) {
    return (
      <>
        {refusal === 'full' && (
          <p role="alert" className="form-error">
            {t('full')}
          </p>
        )}
        <form action={enrollInCourse}>
          <input type="hidden" name="course" value={course.slug} />
          <button type="submit" className="button">
            {t('enroll')}
          </button>
        </form>
      </>
    )
  }
  const [completed, quizzes, passed, certificate] = await Promise.all([
    completedLessons(member, school, [course.id]),
    courseQuizzes(school, course.id),
    passedQuizzes(member, school, course.id),
    myCertificate(member, school, course.id),
  ])
  const progress = progressOf(course, completed)
  const resume = resumeLesson(course, enrollment.lastLessonId, completed)
  const q = await getTranslations('Quiz')
  const c = await getTranslations('Certificate')
  return (
    <div className="enrolled">
      <p>{enrollment.completedAt ? t('courseCompleted') : t('enrolled')}</p>
      <ProgressBar progress={progress} label={t('progressLabel')} />
      {certificate && (
        <p>
          <Link className="button" href={certificateHref(certificate)}>
            {c('view')}
          </Link>
        </p>
      )}
      {quizzes.length > 0 && (
        <ul className="quiz-list">
          {quizzes.map((quiz) => (
            <li key={quiz.id}>
              <Link href={quizHref(course.slug, quiz.id)}>{q('quizLabel', { title: quiz.title })}</Link>
              {passed.has(quiz.id) && <span className="done-mark"> ✓ {q('passedMark')}</span>}
            </li>
          ))}
        </ul>
      )}
      {resume && (
        <Link className="button" href={lessonHref(course.slug, resume.slug)}>
          {progress.done === 0 ? t('start') : t('continue', { lesson: resume.title })}
        </Link>
      )}
    </div>
  )
}
