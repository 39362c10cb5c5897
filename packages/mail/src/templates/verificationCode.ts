import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { localeSchema, parseParams, productNameSchema } from './params.ts'

const schema = z.object({
  locale: localeSchema,
  /** Exactly six digits, as a string so leading zeros survive (`'042917'`). */
  code: z.string().regex(/^\d{6}$/, { error: 'Use the 6-digit code as a string, like "042917".' }),
  /** How long the code is valid, in minutes (the platform uses 10). */
  expiresInMinutes: z.number().int().positive().max(1440),
  /** Defaults to `Lyceum`. */
  productName: productNameSchema,
})

/** `{ locale, code, expiresInMinutes, productName? }`. */
export type VerificationCodeParams = z.input<typeof schema>

/**
 * The one-time code sent to confirm an email address (signup on the hub, sign-in checks).
 * The code is on its own line in the text part, where `extractVerificationCode` finds it.
 *
 * @param params.locale `en` | `fr`.
 * @param params.code six digits, as a string.
 * @param params.expiresInMinutes validity in minutes, 1–1440.
 * @param params.productName brand shown in the message (default `Lyceum`).
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function verificationCode(params: VerificationCodeParams): RenderedEmail {
  const p = parseParams('verificationCode', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.verificationCode
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader(p),
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro },
        { type: 'code', code: p.code },
        { type: 'paragraph', text: m.expiry(p) },
        { type: 'note', text: m.notYou },
        { type: 'note', text: m.neverShare(p) },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
