import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { displayTextSchema, httpUrlSchema, localeSchema, parseParams, productNameSchema } from './params.ts'

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** The one-time link on the school's host, `https://northwind.example.com/invitations/<token>`. */
  acceptUrl: httpUrlSchema,
  /** The role the invitation grants. */
  role: z.enum(['admin', 'instructor', 'learner'], { error: 'Use admin, instructor or learner.' }),
  /** Who invited (a name or an address), shown in the intro; omitted when unknown. */
  inviterName: displayTextSchema.optional(),
  /** How long the link works, in days. */
  expiresInDays: z.number().int().positive().max(30),
  productName: productNameSchema,
})

/** `{ locale, schoolName, acceptUrl, role, inviterName?, expiresInDays, productName? }`. */
export type InvitationParams = z.input<typeof schema>

/**
 * Sent by a school's instance when an admin invites someone: which school, which role, and the
 * one-time link that creates the account (or adds the membership to an existing one).
 *
 * @param params.acceptUrl absolute http(s) URL holding the one-time token.
 * @param params.expiresInDays validity in days, 1–30.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function invitation(params: InvitationParams): RenderedEmail {
  const p = parseParams('invitation', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.invitation
  const role = m.roles[p.role]
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader({ ...p, role }),
      heading: m.heading(p),
      blocks: [
        { type: 'paragraph', text: m.intro({ ...p, role, inviterName: p.inviterName ?? null }) },
        { type: 'button', label: m.acceptButton, url: p.acceptUrl },
        { type: 'paragraph', text: m.expiry(p) },
        { type: 'note', text: m.notYou },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
