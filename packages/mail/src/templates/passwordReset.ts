import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { httpUrlSchema, localeSchema, parseParams, productNameSchema } from './params.ts'

const schema = z.object({
  locale: localeSchema,
  /** The reset page with its one-time token, e.g. `https://lyceum.example/reset-password?token=…`. */
  resetUrl: httpUrlSchema,
  /** How long the link works, in minutes. */
  expiresInMinutes: z.number().int().positive().max(1440),
  productName: productNameSchema,
})

/** `{ locale, resetUrl, expiresInMinutes, productName? }`. */
export type PasswordResetParams = z.input<typeof schema>

/**
 * The single-use link to choose a new password (the hub's "forgot password" flow).
 *
 * @param params.resetUrl absolute http(s) URL holding the token.
 * @param params.expiresInMinutes validity in minutes, 1–1440.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function passwordReset(params: PasswordResetParams): RenderedEmail {
  const p = parseParams('passwordReset', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.passwordReset
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader(p),
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro },
        { type: 'button', label: m.resetButton, url: p.resetUrl },
        { type: 'paragraph', text: m.expiry(p) },
        { type: 'note', text: m.notYou },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
