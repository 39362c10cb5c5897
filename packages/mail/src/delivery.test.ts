/**
 * End to end over real SMTP: every template in every locale goes through the real mailer (pooled
 * nodemailer) to a real MailDev started by `startMailCatcher`, and is read back through MailDev's
 * REST API with the catcher client. Nothing of ours is mocked.
 */
import { LOCALES } from '@lyceum/domain'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  clearMessages,
  extractVerificationCode,
  type MailCatcher,
  startMailCatcher,
  waitForMessage,
} from './catcher.ts'
import { createMailer, type Mailer, sendTemplate } from './mailer.ts'
import {
  ENGLISH_MARKERS,
  FRENCH_MARKERS,
  plainSpaces,
  renderSample,
  SAMPLE,
  TEMPLATE_NAMES,
} from './templates/fixtures.ts'

let catcher: MailCatcher
let mailer: Mailer

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <no-reply@lyceum.test>' })
  await mailer.verify()
})

afterAll(async () => {
  mailer?.close()
  await catcher?.stop()
})

beforeEach(async () => {
  await clearMessages(catcher.webUrl)
})

describe.each(LOCALES)('every template in %s, over SMTP', (locale) => {
  it.each(TEMPLATE_NAMES)('%s arrives with its subject, text and HTML intact', async (name) => {
    const rendered = renderSample(name, locale)
    const to = `${name.toLowerCase()}-${locale}@example.com`
    const { messageId, accepted } = await sendTemplate(mailer, to, rendered)
    expect(messageId).toMatch(/@lyceum\.test>$/)
    expect(accepted).toEqual([to])

    const caught = await waitForMessage(catcher.webUrl, { to, subjectIncludes: rendered.subject })
    expect(caught.subject).toBe(rendered.subject)
    expect(caught.from).toBe('no-reply@lyceum.test')
    expect(caught.text.trim()).toBe(rendered.text.trim())
    expect(caught.html.trim()).toBe(rendered.html.trim())
    expect(caught.html).toContain(`<html lang="${locale}"`)

    const markers = locale === 'fr' ? FRENCH_MARKERS[name] : ENGLISH_MARKERS[name]
    const received = plainSpaces(`${caught.subject}\n${caught.text}\n${caught.html}`)
    for (const marker of markers) expect(received).toContain(marker)
  })
})

describe('content that matters after the trip', () => {
  it('formats money as €29.00 in English and 29,00 € in French', async () => {
    for (const locale of LOCALES) {
      await sendTemplate(mailer, `billing-${locale}@example.com`, renderSample('paymentFailed', locale))
    }
    const en = await waitForMessage(catcher.webUrl, { to: 'billing-en@example.com' })
    expect(en.text).toContain('We tried to charge €29.00')
    expect(en.html).toContain('We tried to charge €29.00')
    const fr = await waitForMessage(catcher.webUrl, { to: 'billing-fr@example.com' })
    expect(plainSpaces(fr.text)).toContain('Nous avons tenté de prélever 29,00 €')
    expect(plainSpaces(fr.html)).toContain('Nous avons tenté de prélever 29,00 €')
    expect(plainSpaces(fr.text)).toContain('le 3 mars 2026')
  })

  it('keeps a hostile school name escaped in the HTML and literal in the text', async () => {
    const hostile = '<script>alert(document.cookie)</script> Academy'
    await sendTemplate(mailer, 'hostile@example.com', renderSample('welcome', 'en', hostile))
    const caught = await waitForMessage(catcher.webUrl, { to: 'hostile@example.com' })
    expect(caught.html).not.toContain('<script')
    expect(caught.html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt; Academy')
    expect(caught.text).toContain(hostile)
    expect(caught.subject).toBe(`${hostile} is live on Lyceum`)
  })

  it('carries the verification code so a test can read it back', async () => {
    await sendTemplate(mailer, 'signup@example.com', renderSample('verificationCode', 'fr'))
    const caught = await waitForMessage(catcher.webUrl, { to: 'signup@example.com', subjectIncludes: 'code' })
    expect(extractVerificationCode(caught.text)).toBe(SAMPLE.code)
  })

  it('sets Reply-To when asked', async () => {
    await sendTemplate(mailer, 'reply@example.com', renderSample('welcome', 'en'), {
      replyTo: 'Support <support@lyceum.test>',
    })
    const caught = await waitForMessage(catcher.webUrl, { to: 'reply@example.com' })
    const raw = await fetch(`${catcher.apiUrl}/email/${caught.id}/source`).then((r) => r.text())
    expect(raw).toMatch(/^Reply-To: Support <support@lyceum\.test>$/m)
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m)
  })
})

describe('send time with pool: true', () => {
  it('measures sequential and concurrent sends (printed, not asserted)', async () => {
    const rendered = renderSample('welcome', 'fr')
    const fresh = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <no-reply@lyceum.test>' })
    try {
      let t = performance.now()
      await sendTemplate(fresh, 'timing@example.com', rendered)
      const first = performance.now() - t

      const count = 50
      const each: number[] = []
      for (let i = 0; i < count; i++) {
        t = performance.now()
        await sendTemplate(fresh, 'timing@example.com', rendered)
        each.push(performance.now() - t)
      }
      each.sort((a, b) => a - b)
      const mean = each.reduce((sum, ms) => sum + ms, 0) / count

      t = performance.now()
      await Promise.all(
        Array.from({ length: count }, () => sendTemplate(fresh, 'timing@example.com', rendered)),
      )
      const concurrent = performance.now() - t

      console.log(
        `[mail] send time, pool: true, ${rendered.html.length + rendered.text.length} bytes of content: ` +
          `first (connect + greet) ${first.toFixed(1)} ms; ` +
          `${count} sequential: mean ${mean.toFixed(1)} ms, median ${each[count >> 1]?.toFixed(1)} ms, ` +
          `max ${each[count - 1]?.toFixed(1)} ms; ` +
          `${count} concurrent (5 connections): ${concurrent.toFixed(0)} ms total, ${(concurrent / count).toFixed(1)} ms/message`,
      )
      const caught = await waitForMessage(catcher.webUrl, { to: 'timing@example.com' })
      expect(caught.subject).toBe(rendered.subject)
    } finally {
      fresh.close()
    }
  })
})
