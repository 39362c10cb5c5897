import { REPORT_STATUSES } from '@lyceum/domain'
import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { displayTextSchema, localeSchema, parseParams, productNameSchema } from './params.ts'

const DECIDED = REPORT_STATUSES.filter((s) => s !== 'open') as [
  'dismissed',
  'unpublished',
  'tenant_suspended',
]

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** The reported lesson's title or media file's name. */
  itemTitle: displayTextSchema,
  /** The decision: dismissed, unpublished (the content) or tenant_suspended (the school). */
  outcome: z.enum(DECIDED, { error: 'Use dismissed, unpublished or tenant_suspended.' }),
  productName: productNameSchema,
})

/** `{ locale, schoolName, itemTitle, outcome, productName? }`. */
export type ReportDecidedParams = z.input<typeof schema>

/**
 * Sent to each member who reported an item once the platform's moderators decide: what was
 * reported and the outcome.
 *
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function reportDecided(params: ReportDecidedParams): RenderedEmail {
  const p = parseParams('reportDecided', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.reportDecided
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.outcomes[p.outcome],
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro(p) },
        { type: 'paragraph', text: m.outcomes[p.outcome] },
        { type: 'note', text: m.thanks },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
