import { LOCALES } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../escape.ts'
import {
  ENGLISH_MARKERS,
  FRENCH_MARKERS,
  plainSpaces,
  renderSample,
  SAMPLE,
  TEMPLATE_NAMES,
} from './fixtures.ts'
import { MESSAGES, paymentFailed, subscriptionCanceled, verificationCode, welcome } from './index.ts'

const HOSTILE = `<script>alert("pwned")</script> & 'Co'`

describe.each(TEMPLATE_NAMES)('%s', (name) => {
  it.each(LOCALES)('renders a subject, a text and a complete HTML document in %s', (locale) => {
    const { subject, text, html } = renderSample(name, locale)
    expect(subject.length).toBeGreaterThan(5)
    expect(subject).not.toMatch(/\n/)
    expect(text.length).toBeGreaterThan(50)
    expect(html).toMatch(/^<!DOCTYPE html>/)
    expect(html).toContain(`<html lang="${MESSAGES[locale].intlLocale}"`)
    expect(html).toContain(`<title>${escapeHtml(subject)}</title>`)
    expect(html).not.toMatch(/<table|<style|<script/i)
    // Every element that shows something carries its style inline.
    expect(html).not.toMatch(/<(p|a|h1|h2|ol|li)(?![^>]*style=)[\s>]/)
    expect(text).toContain('Lyceum')
  })

  it('contains French strings in French and none of the English ones', () => {
    const { subject, text, html } = renderSample(name, 'fr')
    const all = plainSpaces(`${subject}\n${text}\n${html}`)
    for (const marker of FRENCH_MARKERS[name]) expect(all).toContain(marker)
    for (const marker of ENGLISH_MARKERS[name]) expect(all).not.toContain(marker)
  })

  it('contains the English strings in English', () => {
    const { subject, text, html } = renderSample(name, 'en')
    const all = `${subject}\n${text}\n${html}`
    for (const marker of ENGLISH_MARKERS[name]) expect(all).toContain(marker)
  })
})

const WITH_SCHOOL_NAME = ['welcome', 'paymentFailed', 'subscriptionCanceled'] as const
describe.each(WITH_SCHOOL_NAME)('%s with a hostile school name', (name) => {
  it('escapes it in the HTML and keeps it as is in the text and subject', () => {
    const { subject, text, html } = renderSample(name, 'en', HOSTILE)
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;Co&#39;')
    expect(text).toContain(HOSTILE)
    expect(subject).toContain(HOSTILE)
  })
})

describe('verificationCode', () => {
  it('puts the code on its own line in the text, large in the HTML', () => {
    const { text, html } = verificationCode({ locale: 'en', code: '000123', expiresInMinutes: 10 })
    expect(text).toMatch(/^000123$/m)
    expect(html).toMatch(/font-size:32px[^>]*>000123<\/p>/)
  })

  it('says minute in the singular when it should, in both languages', () => {
    expect(verificationCode({ locale: 'en', code: '123456', expiresInMinutes: 1 }).text).toContain(
      'expires in 1 minute.',
    )
    expect(
      plainSpaces(verificationCode({ locale: 'fr', code: '123456', expiresInMinutes: 1 }).text),
    ).toContain('valable 1 minute.')
  })

  it('refuses a code that is not six digits', () => {
    expect(() => verificationCode({ locale: 'en', code: '12345', expiresInMinutes: 10 })).toThrow(
      /verificationCode: invalid parameters: code: Use the 6-digit code/,
    )
    expect(() => verificationCode({ locale: 'en', code: '12a456', expiresInMinutes: 10 })).toThrow(TypeError)
  })

  it('refuses an unknown locale', () => {
    // @ts-expect-error: 'de' is not a Locale
    expect(() => verificationCode({ locale: 'de', code: '123456', expiresInMinutes: 10 })).toThrow(
      /locale: Use one of the locales en, fr/,
    )
  })
})

describe('productName', () => {
  it("defaults to 'Lyceum' and can be replaced for a white-label deployment", () => {
    const branded = welcome({
      locale: 'fr',
      schoolName: 'École Lumière',
      schoolUrl: 'https://lumiere.acme.example',
      adminEmail: 'admin@lumiere.example',
      loginUrl: 'https://lumiere.acme.example/login',
      productName: 'Acme Learn',
    })
    expect(branded.subject).toBe('École Lumière est en ligne sur Acme Learn')
    expect(branded.text).toContain('L’équipe Acme Learn')
    expect(branded.html).toContain('L’équipe Acme Learn')
    expect(`${branded.text}${branded.html}`).not.toContain('Lyceum')
  })

  it('is escaped like any other value', () => {
    const { html } = verificationCode({
      locale: 'en',
      code: '123456',
      expiresInMinutes: 10,
      productName: '<b>X</b>',
    })
    expect(html).toContain('&lt;b&gt;X&lt;/b&gt;')
    expect(html).not.toContain('<b>X</b>')
  })
})

describe('welcome', () => {
  it('links the school, names the admin account and explains the first sign-in', () => {
    const { text, html } = renderSample('welcome', 'en')
    expect(html).toContain(`<a href="${SAMPLE.schoolUrl}"`)
    expect(html).toContain(`<a href="${SAMPLE.loginUrl}"`)
    expect(text).toContain(SAMPLE.loginUrl)
    expect(text).toContain(`Sign in with your administrator email address, ${SAMPLE.adminEmail}.`)
    expect(text).toMatch(/^1\. Open the sign-in page/m)
  })

  it('refuses a javascript: URL and names the field', () => {
    expect(() =>
      welcome({
        locale: 'en',
        schoolName: 'X',
        schoolUrl: 'https://x.example',
        adminEmail: 'a@x.example',
        loginUrl: 'javascript:alert(1)',
      }),
    ).toThrow(/welcome: invalid parameters: loginUrl: Use an absolute http\(s\) URL/)
  })

  it('escapes the URL in href attributes', () => {
    const { html } = welcome({
      locale: 'en',
      schoolName: 'X',
      schoolUrl: 'https://x.example/?a=1&b="2"',
      adminEmail: 'a@x.example',
      loginUrl: 'https://x.example/login',
    })
    expect(html).toContain('href="https://x.example/?a=1&amp;b=&quot;2&quot;"')
  })
})

describe('paymentFailed', () => {
  const base = {
    schoolName: 'Northwind Academy',
    amount: 2900,
    currency: 'EUR',
    portalUrl: SAMPLE.portalUrl,
  } as const

  it('formats money for the locale: €29.00 in English, 29,00 € in French', () => {
    expect(paymentFailed({ ...base, locale: 'en' }).text).toContain('€29.00')
    const fr = paymentFailed({ ...base, locale: 'fr' })
    expect(plainSpaces(fr.text)).toContain('29,00 €')
    expect(plainSpaces(fr.html)).toContain('29,00 €')
  })

  it('announces the retry date when there is one, else asks to act now', () => {
    const withRetry = paymentFailed({ ...base, locale: 'fr', retryDate: SAMPLE.retryDate })
    expect(plainSpaces(withRetry.text)).toContain('Nous referons une tentative le 3 mars 2026.')
    const without = paymentFailed({ ...base, locale: 'fr' })
    expect(without.text).toContain('dès que possible')
    expect(without.text).not.toContain('tentative le')
  })

  it('shows the date in the given time zone', () => {
    const lateEvening = new Date('2026-03-03T23:30:00Z')
    const paris = paymentFailed({ ...base, locale: 'en', retryDate: lateEvening, timeZone: 'Europe/Paris' })
    expect(paris.text).toContain('on March 4, 2026')
  })

  it('refuses a fractional amount and a bad currency, naming both', () => {
    expect(() => paymentFailed({ ...base, locale: 'en', amount: 29.5, currency: 'EURO' })).toThrow(
      /amount: .*; currency: /,
    )
  })
})

describe('subscriptionCanceled', () => {
  it('offers the export only when there is one', () => {
    const base = {
      locale: 'en',
      schoolName: 'Northwind Academy',
      effectiveDate: SAMPLE.effectiveDate,
      resubscribeUrl: SAMPLE.resubscribeUrl,
    } as const
    const withExport = subscriptionCanceled({ ...base, exportUrl: SAMPLE.exportUrl })
    expect(withExport.html).toContain(`href="${SAMPLE.exportUrl}"`)
    expect(withExport.text).toContain('Access ends on: April 30, 2026')
    const without = subscriptionCanceled(base)
    expect(without.text).not.toContain('Export your data')
    expect(without.html).toContain(`href="${SAMPLE.resubscribeUrl}"`)
  })
})

describe('MESSAGES', () => {
  it('has a message object for every locale in @lyceum/domain', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...LOCALES].sort())
  })
})
