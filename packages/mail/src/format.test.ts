import { describe, expect, it } from 'vitest'
import { formatDate, formatMoney } from './format.ts'

/** Intl separates with no-break spaces (U+00A0, U+202F); compare with plain ones. */
const plain = (value: string): string => value.replace(/[\u00a0\u202f]/g, ' ')

describe('formatMoney', () => {
  it('formats minor units for the locale', () => {
    expect(formatMoney(2900, 'EUR', 'en')).toBe('€29.00')
    expect(plain(formatMoney(2900, 'EUR', 'fr'))).toBe('29,00 €')
    expect(plain(formatMoney(123_456, 'EUR', 'fr'))).toBe('1 234,56 €')
    expect(formatMoney(1999, 'usd', 'en')).toBe('$19.99')
  })

  it("uses the currency's own number of minor digits", () => {
    expect(formatMoney(2900, 'JPY', 'en')).toBe('¥2,900')
    expect(plain(formatMoney(1234, 'KWD', 'en'))).toBe('KWD 1.234')
  })

  it('refuses a fractional amount', () => {
    expect(() => formatMoney(29.5, 'EUR', 'en')).toThrow(/whole numbers of minor units/)
  })
})

describe('formatDate', () => {
  const date = new Date('2026-03-03T12:00:00Z')

  it('formats a long date for the locale', () => {
    expect(formatDate(date, 'en')).toBe('March 3, 2026')
    expect(formatDate(date, 'fr')).toBe('3 mars 2026')
  })

  it('takes the day in the given time zone (UTC by default)', () => {
    const lateEvening = new Date('2026-03-03T23:30:00Z')
    expect(formatDate(lateEvening, 'fr')).toBe('3 mars 2026')
    expect(formatDate(lateEvening, 'fr', 'Europe/Paris')).toBe('4 mars 2026')
  })

  it('refuses an invalid date', () => {
    expect(() => formatDate(new Date('nope'), 'en')).toThrow(/invalid Date/)
  })
})
