import { formatDuration, toIsoDuration } from '../lib/duration.ts'

/** A length in the page's locale, machine-readable too: `<time dateTime="PT1H28M">1 hr 28 min</time>`. */
export function Duration({ seconds, locale }: { seconds: number; locale: string }) {
  return <time dateTime={toIsoDuration(seconds)}>{formatDuration(seconds, locale)}</time>
}
