import { describe, expect, it } from 'vitest'
import { formatDuration, toIsoDuration, toMinutes } from './duration.ts'

// ICU joins number and unit with no-break spaces (U+00A0, or U+202F in French); the table is
// written with plain spaces and compared after normalising them.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('formatDuration', () => {
  // Each row: seconds → English, French, ISO 8601.
  const table: Array<[seconds: number, en: string, fr: string, iso: string]> = [
    [0, '0 min', '0 min', 'PT0M'],
    [1, '1 min', '1 min', 'PT1M'],
    [29, '1 min', '1 min', 'PT1M'],
    [89, '1 min', '1 min', 'PT1M'],
    [90, '2 min', '2 min', 'PT2M'],
    [360, '6 min', '6 min', 'PT6M'],
    [59 * 60, '59 min', '59 min', 'PT59M'],
    [59 * 60 + 31, '1 hr', '1 h', 'PT1H'],
    [3600, '1 hr', '1 h', 'PT1H'],
    [88 * 60, '1 hr 28 min', '1 h 28 min', 'PT1H28M'],
    [88 * 60 + 20, '1 hr 28 min', '1 h 28 min', 'PT1H28M'],
    [2 * 3600, '2 hr', '2 h', 'PT2H'],
    [2 * 3600 + 5 * 60, '2 hr 5 min', '2 h 5 min', 'PT2H5M'],
    [24 * 3600, '24 hr', '24 h', 'PT24H'],
    [-30, '0 min', '0 min', 'PT0M'],
    [Number.NaN, '0 min', '0 min', 'PT0M'],
  ]
  it.each(table)('%d s → %j / %j', (seconds, en, fr, iso) => {
    expect(plain(formatDuration(seconds, 'en'))).toBe(en)
    expect(plain(formatDuration(seconds, 'fr'))).toBe(fr)
    expect(toIsoDuration(seconds)).toBe(iso)
  })

  // Each row: seconds → English, French, ISO 8601, to the second (a lesson's length).
  const exact: Array<[seconds: number, en: string, fr: string, iso: string]> = [
    [0, '0 min', '0 min', 'PT0M'],
    [45, '45 sec', '45 s', 'PT45S'],
    [330, '5 min 30 sec', '5 min 30 s', 'PT5M30S'],
    [360, '6 min', '6 min', 'PT6M'],
    [330.4, '5 min 30 sec', '5 min 30 s', 'PT5M30S'],
    [3600, '1 hr', '1 h', 'PT1H'],
    [3605, '1 hr 5 sec', '1 h 5 s', 'PT1H5S'],
    [5281, '1 hr 28 min 1 sec', '1 h 28 min 1 s', 'PT1H28M1S'],
    [-5, '0 min', '0 min', 'PT0M'],
  ]
  it.each(exact)('%d s to the second → %j / %j', (seconds, en, fr, iso) => {
    expect(plain(formatDuration(seconds, 'en', 'second'))).toBe(en)
    expect(plain(formatDuration(seconds, 'fr', 'second'))).toBe(fr)
    expect(toIsoDuration(seconds, 'second')).toBe(iso)
  })

  it('adds lessons up to the section total without rounding surprises', () => {
    // Three 5 min 30 s lessons: 16 min 30 s, shown as 17 min; never "6 min" three times.
    expect(formatDuration(330, 'en', 'second')).toBe('5 min 30 sec')
    expect(formatDuration(3 * 330, 'en')).toBe('17 min')
  })

  it('keeps a number and its unit together', () => {
    expect(formatDuration(88 * 60, 'fr')).toMatch(/^1\u202fh 28\u00a0min$/)
    expect(formatDuration(88 * 60, 'en')).toBe('1 hr 28 min')
  })
})

describe('toMinutes', () => {
  it('rounds to the nearest minute but never hides a short lesson', () => {
    expect(toMinutes(0)).toBe(0)
    expect(toMinutes(10)).toBe(1)
    expect(toMinutes(149)).toBe(2)
    expect(toMinutes(150)).toBe(3)
    expect(toMinutes(Number.POSITIVE_INFINITY)).toBe(0)
  })
})
