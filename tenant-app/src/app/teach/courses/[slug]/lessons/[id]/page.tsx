import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { TeachForm } from '../../../../../../components/forms/TeachForm.tsx'
import { UploadForm } from '../../../../../../components/forms/UploadForm.tsx'
import { NotFoundView } from '../../../../../../components/NotFoundView.tsx'
import { RichText } from '../../../../../../components/RichText.tsx'
import { Unavailable } from '../../../../../../components/Unavailable.tsx'
import {
  authorAttachments,
  MAX_UPLOAD_BYTES,
  storageUsage,
  UPLOAD_ACCEPT,
} from '../../../../../../lib/attachments.ts'
import { lessonOf, teachContext } from '../../../../../../lib/authoring.ts'
import { formatBytes } from '../../../../../../lib/bytes.ts'
import { attempt, getTenant } from '../../../../../../lib/cms.ts'
import { lexicalToMarkdown } from '../../../../../../lib/markdown.ts'
import { mediaHref, type SearchParams } from '../../../../../../lib/params.ts'
import { getMember } from '../../../../../../lib/session.ts'
import { teachCourseHref } from '../../../../../../lib/teach-paths.ts'
import { removeAttachmentAction, uploadAttachmentAction } from '../../../../../actions/media.ts'
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
  const { school, member } = result.value ?? {}
  const files =
    school && member
      ? await attempt(async () => {
          const [attachments, storage] = await Promise.all([
            authorAttachments(member, school, lesson.id),
            storageUsage(member, school),
          ])
          return { attachments, storage }
        })
      : null
  if (!files?.ok || !school) return <Unavailable />
  const { attachments, storage } = files.value
  const t = await getTranslations('Teach')
  const m = await getTranslations('Media')
  const size = (bytes: number) => formatBytes(bytes, school.locale)
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
      <section id="attachments" aria-labelledby="attachments-heading" className="narrow">
        <h2 id="attachments-heading">{m('attachments')}</h2>
        {query.attached && (
          <p role="status" className="form-success">
            {m('attached')}
          </p>
        )}
        {query.detached && (
          <p role="status" className="form-success">
            {m('detached')}
          </p>
        )}
        {attachments.length === 0 ? (
          <p>{m('noAttachments')}</p>
        ) : (
          <ul className="attachments">
            {attachments.map((file) => (
              <li key={file.id}>
                <a href={mediaHref(file.filename)}>{file.filename}</a> ({size(file.filesize)}){' '}
                <form action={removeAttachmentAction} className="inline-form">
                  <input type="hidden" name="course" value={course.slug} />
                  <input type="hidden" name="lesson" value={lesson.id} />
                  <input type="hidden" name="media" value={file.id} />
                  <button
                    type="submit"
                    className="button-secondary"
                    aria-label={m('removeOf', { file: file.filename })}
                  >
                    {m('remove')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <UploadForm
          id="attach"
          action={uploadAttachmentAction}
          hidden={{ course: course.slug, lesson: lesson.id }}
          label={m('attachFile')}
          hint={m('attachHint', {
            max: size(MAX_UPLOAD_BYTES),
            used: size(storage.usedBytes),
            limit: storage.limitBytes === null ? m('unlimited') : size(storage.limitBytes),
          })}
          accept={UPLOAD_ACCEPT}
          submit={m('attachSubmit')}
        />
      </section>
      {lesson.content ? (
        <section aria-labelledby="preview" className="prose teach-preview">
          <h2 id="preview">{t('preview')}</h2>
          <RichText content={lesson.content} />
        </section>
      ) : null}
    </>
  )
}
