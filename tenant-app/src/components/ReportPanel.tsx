import { REPORT_COMMENT_MAX, REPORT_REASONS, type ReportItemType } from '@lyceum/domain'
import { getTranslations } from 'next-intl/server'
import { reportContent } from '../app/actions/reports.ts'

type Props = {
  course: string
  lesson: string
  itemType: ReportItemType
  /** The media file's id (attachments); the lesson's own report needs none. */
  media?: string
  /** `lesson:<id>` or `media:<id>`. */
  itemKey: string
  /** Whether the member already reported this item (from the cms). */
  reported: boolean
  /** `sent` right after the report went out; `error` when the form came back invalid. */
  state: 'sent' | 'error' | null
}

/**
 * "Report" for a lesson or one of its attachments: a disclosure with the reason radios and an
 * optional comment, posted to the `reportContent` server action (works without JavaScript).
 * Once reported, the member sees a thank-you (right after) or "you reported this" instead.
 */
export async function ReportPanel({ course, lesson, itemType, media, itemKey, reported, state }: Props) {
  const t = await getTranslations('Report')
  const id = `report-${itemKey}`
  if (reported) {
    return (
      <p id={id} className="report-done" role="status">
        {state === 'sent' ? t('sent') : t(itemType === 'lesson' ? 'alreadyLesson' : 'alreadyFile')}
      </p>
    )
  }
  return (
    <details id={id} className="report" open={state === 'error'}>
      <summary>{t(itemType === 'lesson' ? 'reportLesson' : 'reportFile')}</summary>
      <form action={reportContent}>
        <input type="hidden" name="course" value={course} />
        <input type="hidden" name="lesson" value={lesson} />
        <input type="hidden" name="itemType" value={itemType} />
        {media && <input type="hidden" name="media" value={media} />}
        <fieldset aria-describedby={state === 'error' ? `${id}-error` : undefined}>
          <legend>{t('why')}</legend>
          {REPORT_REASONS.map((reason) => (
            <label key={reason} className="report-reason">
              <input type="radio" name="reason" value={reason} required /> {t(`reasons.${reason}`)}
            </label>
          ))}
        </fieldset>
        {state === 'error' && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {t('invalid')}
          </p>
        )}
        <label className="report-comment">
          {t('comment')}
          <textarea name="comment" rows={3} maxLength={REPORT_COMMENT_MAX} />
        </label>
        <p className="report-note">{t('note')}</p>
        <button type="submit" className="button button-secondary">
          {t('send')}
        </button>
      </form>
    </details>
  )
}
