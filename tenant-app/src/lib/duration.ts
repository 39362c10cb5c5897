/**
 * Lesson and course lengths, formatted per locale with the platform's ICU data:
 * `1 hr 28 min` in English, `1 h 28 min` in French (number and unit joined by a no-break space).
 */

/**
 * `minute`: totals, rounded to whole minutes. `second`: a single lesson, exact, so that lessons
 * of 5 min 30 s do not read "6 min" each beside a section total that adds up differently.
 */
export type DurationPrecision = 'minute' | 'second'

/** Whole minutes shown for a length in seconds: rounded, never 0 for a non-zero length. */
export function toMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return 0
  return Math.max(1, Math.round(seconds / 60))
}

type Parts = { hours: number; minutes: number; seconds: number }

function partsOf(seconds: number, precision: DurationPrecision): Parts {
  if (precision === 'minute') {
    const total = toMinutes(seconds)
    return { hours: Math.floor(total / 60), minutes: total % 60, seconds: 0 }
  }
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0
  return { hours: Math.floor(total / 3600), minutes: Math.floor(total / 60) % 60, seconds: total % 60 }
}

/**
 * Formats a length given in seconds in `locale`. To the minute (default): `1 hr 28 min`,
 * `45 min`, `2 hr` (en); `1 h 28 min`, `45 min`, `2 h` (fr). To the second: `5 min 30 sec`
 * (en), `5 min 30 s` (fr). Invalid or negative lengths count as 0 (`0 min`).
 */
export function formatDuration(
  seconds: number,
  locale: string,
  precision: DurationPrecision = 'minute',
): string {
  const { hours, minutes, seconds: secs } = partsOf(seconds, precision)
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value)
  const parts: string[] = []
  if (hours > 0) parts.push(unit(hours, 'hour'))
  if (minutes > 0 || (hours === 0 && secs === 0)) parts.push(unit(minutes, 'minute'))
  if (secs > 0) parts.push(unit(secs, 'second'))
  return parts.join(' ')
}

/** The same length as an ISO 8601 duration for `<time dateTime>`, e.g. `PT1H28M`, `PT5M30S`. */
export function toIsoDuration(seconds: number, precision: DurationPrecision = 'minute'): string {
  const { hours, minutes, seconds: secs } = partsOf(seconds, precision)
  const h = hours > 0 ? `${hours}H` : ''
  const m = minutes > 0 || (hours === 0 && secs === 0) ? `${minutes}M` : ''
  const s = secs > 0 ? `${secs}S` : ''
  return `PT${h}${m}${s}`
}
