import { describe, expect, it } from 'vitest'
import { formatCount, formatPrice, formatStorage, minorUnitDigits } from './format.ts'

// French (ICU/CLDR) groups thousands with a narrow no-break space (U+202F), puts a no-break
// space (U+00A0) before a currency and a narrow one before a unit; English uses commas.
const nnbsp = '\u202f'
const nbsp = '\u00a0'

describe('formatPrice: the locale decides the layout, the currency the symbol and decimals', () => {
  it.each([
    { minor: 2900, currency: 'EUR', locale: 'en', expected: '€29' },
    { minor: 2900, currency: 'EUR', locale: 'fr', expected: `29${nbsp}€` },
    { minor: 2950, currency: 'EUR', locale: 'en', expected: '€29.50' },
    { minor: 2950, currency: 'EUR', locale: 'fr', expected: `29,50${nbsp}€` },
    { minor: 19900, currency: 'EUR', locale: 'en', expected: '€199' },
    { minor: 199000, currency: 'EUR', locale: 'fr', expected: `1${nnbsp}990${nbsp}€` },
    { minor: 199000, currency: 'EUR', locale: 'en', expected: '€1,990' },
    { minor: 4900, currency: 'USD', locale: 'en', expected: '$49' },
    { minor: 4900, currency: 'USD', locale: 'fr', expected: `49${nbsp}$US` },
    { minor: 4900, currency: 'GBP', locale: 'en', expected: '£49' },
    { minor: 4900, currency: 'GBP', locale: 'fr', expected: `49${nbsp}£GB` },
    { minor: 4900, currency: 'CHF', locale: 'en', expected: `CHF${nbsp}49` },
    { minor: 4900, currency: 'CHF', locale: 'fr', expected: `49${nbsp}CHF` },
    // No minor unit: 2900 is ¥2,900, not ¥29.
    { minor: 2900, currency: 'JPY', locale: 'en', expected: '¥2,900' },
    { minor: 0, currency: 'EUR', locale: 'en', expected: '€0' },
    { minor: 0, currency: 'EUR', locale: 'fr', expected: `0${nbsp}€` },
  ] as const)('$minor $currency in $locale → $expected', ({ minor, currency, locale, expected }) => {
    expect(formatPrice(minor, currency, locale)).toBe(expected)
  })

  it('knows minor units per currency', () => {
    expect(minorUnitDigits('EUR')).toBe(2)
    expect(minorUnitDigits('JPY')).toBe(0)
    expect(minorUnitDigits('KWD')).toBe(3)
  })

  it('refuses a currency Intl does not know', () => {
    expect(() => formatPrice(100, 'EURO', 'en')).toThrow(RangeError)
  })
})

describe('formatStorage and formatCount', () => {
  it.each([
    { bytes: 2_000_000_000, locale: 'en', expected: '2 GB' },
    { bytes: 2_000_000_000, locale: 'fr', expected: `2${nnbsp}Go` },
    { bytes: 200_000_000_000, locale: 'fr', expected: `200${nnbsp}Go` },
    { bytes: 1_500_000_000, locale: 'en', expected: '1.5 GB' },
    { bytes: 500_000_000, locale: 'en', expected: '500 MB' },
    { bytes: 500_000_000, locale: 'fr', expected: `500${nnbsp}Mo` },
  ] as const)('$bytes bytes in $locale → $expected', ({ bytes, locale, expected }) => {
    expect(formatStorage(bytes, locale)).toBe(expected)
  })

  it('groups thousands per locale', () => {
    expect(formatCount(5000, 'en')).toBe('5,000')
    expect(formatCount(5000, 'fr')).toBe(`5${nnbsp}000`)
    expect(formatCount(50, 'fr')).toBe('50')
  })
})
