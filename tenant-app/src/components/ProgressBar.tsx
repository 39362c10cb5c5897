import { getTranslations } from 'next-intl/server'
import type { Progress } from '../lib/learning.ts'

/** A course's progress: a native `<progress>` (announced by screen readers) and its text. */
export async function ProgressBar({ progress, label }: { progress: Progress; label: string }) {
  const t = await getTranslations('Learning')
  return (
    <div className="progress">
      <progress max={100} value={progress.percent} aria-label={label} />
      <p className="progress-text">{t('progress', { ...progress })}</p>
    </div>
  )
}
