import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { httpUrlSchema, localeSchema, parseParams, productNameSchema } from './params.ts'

const schema = z.object({
  locale: localeSchema,
  /** The hub's sign-in page. */
  signInUrl: httpUrlSchema,
  /** The hub's "forgot password" page. */
  forgotPasswordUrl: httpUrlSchema,
  productName: productNameSchema,
})

/** `{ locale, signInUrl, forgotPasswordUrl, productName? }`. */
export type AccountExistsParams = z.input<typeof schema>

/**
 * Sent instead of a verification code when someone signs up with an address that already has an
 * account: the signup page answers the same for both, so only the mailbox's owner learns which.
 *
 * @param params.signInUrl / params.forgotPasswordUrl absolute http(s) URLs.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function accountExists(params: AccountExistsParams): RenderedEmail {
  const p = parseParams('accountExists', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.accountExists
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader,
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro(p) },
        { type: 'button', label: m.signInButton, url: p.signInUrl },
        { type: 'paragraph', text: m.forgot },
        { type: 'button', label: m.resetButton, url: p.forgotPasswordUrl },
        { type: 'note', text: m.notYou },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
