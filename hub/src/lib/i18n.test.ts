import { describe, expect, it } from 'vitest'
import { LOCALE_NAMES, safeRedirectPath } from './i18n.ts'

describe('safeRedirectPath: the switcher sends visitors back on this site only', () => {
  it.each([
    ['/', '/'],
    ['/pricing', '/pricing'],
    ['/pricing?plan=starter#faq', '/pricing?plan=starter#faq'],
    ['/a/../pricing', '/pricing'],
  ])('keeps %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected)
  })

  it.each([
    ['not a string', null],
    ['empty', ''],
    ['relative', 'pricing'],
    ['absolute URL', 'https://evil.example/'],
    ['protocol-relative', '//evil.example/'],
    ['backslash trick', '/\\evil.example'],
    ['tab trick', '/\t/evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['newline (header injection)', '/pricing\r\nSet-Cookie: x=1'],
    ['too long', `/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, input) => {
    expect(safeRedirectPath(input)).toBe('/')
  })

  it('names each language in itself', () => {
    expect(LOCALE_NAMES).toEqual({ en: 'English', fr: 'Français' })
  })
})
