import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import {
  displayTextSchema,
  emailSchema,
  httpUrlSchema,
  localeSchema,
  parseParams,
  productNameSchema,
} from './params.ts'

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** The school's own address, e.g. `https://northwind.lyceum.example`. */
  schoolUrl: httpUrlSchema,
  /** The administrator's sign-in address (the one they signed up with). */
  adminEmail: emailSchema,
  /** The school's sign-in page. */
  loginUrl: httpUrlSchema,
  productName: productNameSchema,
})

/** `{ locale, schoolName, schoolUrl, adminEmail, loginUrl, productName? }`. */
export type WelcomeParams = z.input<typeof schema>

/**
 * Sent to the school's administrator once provisioning succeeds: the school is live, at which
 * address, and how to sign in the first time.
 *
 * @param params.schoolName display name; any text (it is escaped in the HTML).
 * @param params.schoolUrl / params.loginUrl absolute http(s) URLs.
 * @param params.adminEmail the administrator's email address.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter (e.g. a `javascript:` URL).
 */
export function welcome(params: WelcomeParams): RenderedEmail {
  const p = parseParams('welcome', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.welcome
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader(p),
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro(p) },
        {
          type: 'facts',
          items: [
            { label: m.schoolAddressLabel, value: p.schoolUrl, url: p.schoolUrl },
            { label: m.adminAccountLabel, value: p.adminEmail },
          ],
        },
        { type: 'subheading', text: m.firstSignInHeading },
        { type: 'steps', items: m.firstSignInSteps(p) },
        { type: 'button', label: m.signInButton(p), url: p.loginUrl },
        { type: 'note', text: m.tip(p) },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
