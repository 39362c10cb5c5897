import { LOCALES } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import { baseLocale, cookieName, extractLocaleFromRequest, locales } from './paraglide/runtime.js'
import { paraglideMiddleware } from './paraglide/server.js'

// The negotiation the hub runs on every request (i18n.config.ts):
// the locale cookie, else Accept-Language, else English.
function request(headers: { cookie?: string; acceptLanguage?: string }): Request {
  const init = new Headers()
  if (headers.cookie !== undefined) init.set('cookie', headers.cookie)
  if (headers.acceptLanguage !== undefined) init.set('accept-language', headers.acceptLanguage)
  return new Request('http://localhost/pricing', { headers: init })
}

const table: Array<{ why: string; cookie?: string; acceptLanguage?: string; expected: 'en' | 'fr' }> = [
  { why: 'nothing to go by: the base locale', expected: 'en' },
  { why: 'Accept-Language fr', acceptLanguage: 'fr', expected: 'fr' },
  { why: 'a regional variant counts for its language', acceptLanguage: 'fr-CA', expected: 'fr' },
  { why: 'tags are case-insensitive', acceptLanguage: 'FR-be', expected: 'fr' },
  { why: 'the first supported language wins', acceptLanguage: 'de-DE, fr;q=0.8, en;q=0.5', expected: 'fr' },
  { why: 'quality values decide, not order', acceptLanguage: 'en;q=0.4, fr;q=0.9', expected: 'fr' },
  { why: 'unsupported languages only: the base locale', acceptLanguage: 'de, es;q=0.8', expected: 'en' },
  { why: 'a wildcard is not a language', acceptLanguage: '*', expected: 'en' },
  {
    why: 'the cookie beats Accept-Language',
    cookie: `${cookieName}=en`,
    acceptLanguage: 'fr',
    expected: 'en',
  },
  { why: 'the cookie alone', cookie: `${cookieName}=fr`, expected: 'fr' },
  {
    why: 'the cookie among others',
    cookie: `theme=dark; ${cookieName}=fr; other=1`,
    acceptLanguage: 'en',
    expected: 'fr',
  },
  {
    why: 'an unsupported cookie value falls through to Accept-Language',
    cookie: `${cookieName}=de`,
    acceptLanguage: 'fr',
    expected: 'fr',
  },
  { why: 'an empty cookie falls through', cookie: `${cookieName}=`, acceptLanguage: 'fr-FR', expected: 'fr' },
  { why: 'a cookie with another name is ignored', cookie: 'locale=fr', expected: 'en' },
]

describe('locale negotiation: cookie > Accept-Language > en', () => {
  it('supports exactly the platform locales, English first', () => {
    expect([...locales]).toEqual([...LOCALES])
    expect(baseLocale).toBe('en')
  })

  it.each(table)('$why → $expected', ({ cookie, acceptLanguage, expected }) => {
    expect(extractLocaleFromRequest(request({ cookie, acceptLanguage }))).toBe(expected)
  })

  it.each(table)('the middleware agrees: $why', async ({ cookie, acceptLanguage, expected }) => {
    const response = await paraglideMiddleware(
      request({ cookie, acceptLanguage }),
      ({ locale }) => new Response(locale),
    )
    expect(await response.text()).toBe(expected)
  })

  it('leaves machine endpoints out of negotiation (they answer in no language)', async () => {
    for (const path of ['/healthz', '/api/webhooks/stripe']) {
      const response = await paraglideMiddleware(
        new Request(`http://localhost${path}`, { headers: { 'accept-language': 'fr' } }),
        ({ locale }) => new Response(locale),
      )
      expect(await response.text()).toBe('en')
    }
  })
})
