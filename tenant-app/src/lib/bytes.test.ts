import { describe, expect, it } from 'vitest'
import { formatBytes } from './bytes.ts'

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 kB'],
    [512, 'en', '0.5 kB'],
    [1_500, 'en', '1.5 kB'],
    [1_234_567, 'en', '1.2 MB'],
    [20_000_000, 'en', '20 MB'],
    [3_000_000_000, 'en', '3 GB'],
    [1_234_567, 'fr', '1,2 Mo'],
    [-5, 'en', '0 kB'],
    [Number.NaN, 'en', '0 kB'],
  ])('%d bytes in %s is %s', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale).replace(/\s/g, ' ')).toBe(expected)
  })
})
