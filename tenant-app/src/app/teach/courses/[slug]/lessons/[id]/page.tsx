import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { TeachForm } from '../../../../../../components/forms/TeachForm.tsx'
import { NotFoundView } from '../../../../../../components/NotFoundView.tsx'
import { RichText } from '../../../../../../components/RichText.tsx'
import { Unavailable } from '../../../../../../components/Unavailable.tsx'
import { lessonOf, teachContext } from '../../../../../../lib/authoring.ts'
import { attempt, getTenant } from '../../../../../../lib/cms.ts'
import { lexicalToMarkdown } from '../../../../../../lib/markdown.ts'
import type { SearchParams } from '../../../../../../lib/params.ts'
import { getMember } from '../../../../../../lib/session.ts'
import { teachCourseHref } from '../../../../../../lib/teach-paths.ts'
import { updateLessonAction } from '../../../../../actions/teach.ts'

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<SearchParams> }

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Teach')
  return { title: t('lessonEditor'), robots: { index: false } }
}

/**
 * `/teach/courses/<slug>/lessons/<id>`: the lesson editor. The body is edited as Markdown and
 * stored as Lexical (decision 070); the preview below is what learners see.
 */
export default async function TeachLessonPage({ params, searchParams }: Props) {
  const { slug, id } = await params
  const query = await searchParams
  const result = await attempt(() => teachContext({ school: getTenant, member: getMember }, slug))
  if (!result.ok) return <Unavailable />
  const course = result.value?.course
  const found = course ? lessonOf(course, id) : null
  if (!course || !found) return <NotFoundView />
  const { lesson } = found
  const t = await getTranslations('Teach')
  return (
    <>
      <p>
        <Link href={teachCourseHref(course.slug)}>← {t('backToCourse')}</Link>
      </p>
      <h1>
        {t('lessonEditor')}: {lesson.title}
      </h1>
      {query.saved && (
        <p role="status" className="form-success">
          {t('saved')}
        </p>
      )}
      <div className="narrow teach-editor">
        <TeachForm
          id="lesson"
          action={updateLessonAction}
          hidden={{ course: course.slug, lesson: lesson.id }}
          submit={t('save')}
          fields={[
            {
              name: 'title',
              label: t('lessonTitle'),
              type: 'text',
              required: true,
              defaultValue: lesson.title,
            },
            {
              name: 'minutes',
              label: t('minutes'),
              type: 'number',
              defaultValue: String(Math.round(lesson.durationSeconds / 60)),
            },
            { name: 'videoUrl', label: t('videoUrl'), type: 'url', defaultValue: lesson.videoUrl },
            {
              name: 'body',
              label: t('body'),
              type: 'textarea',
              rows: 16,
              hint: t('bodyHint'),
              defaultValue: lexicalToMarkdown(lesson.content),
            },
          ]}
        />
      </div>
      {lesson.content ? (
        <section aria-labelledby="preview" className="prose teach-preview">
          <h2 id="preview">{t('preview')}</h2>
          <RichText content={lesson.content} />
        </section>
      ) : null}
    </>
  )
}
