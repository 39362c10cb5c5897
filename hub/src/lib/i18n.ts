import type { Locale } from '@lyceum/domain'

/** Each language named in itself, as a language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' }

/**
 * Where the language switcher sends the visitor back to: a path on this site, or `/`.
 * Anything that could leave the site (`//evil.example`, `/\evil.example`, `https://…`, control
 * characters) is refused: an open redirect would let a link to us bounce visitors elsewhere.
 */
export function safeRedirectPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) return '/'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith('//')) return '/'
  const base = 'http://same.invalid'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return '/'
  }
  if (url.origin !== base) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}
