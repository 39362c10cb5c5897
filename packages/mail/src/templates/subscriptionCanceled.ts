import { z } from 'zod'
import { formatDate } from '../format.ts'
import { chromeFor } from './chrome.ts'
import { type Block, type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import {
  dateSchema,
  displayTextSchema,
  httpUrlSchema,
  localeSchema,
  parseParams,
  productNameSchema,
  timeZoneSchema,
} from './params.ts'

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** When access ends. */
  effectiveDate: dateSchema,
  /** Where the school's data can be downloaded; omit when there is no export. */
  exportUrl: httpUrlSchema.optional(),
  /** Where to subscribe again. */
  resubscribeUrl: httpUrlSchema,
  /** Zone `effectiveDate` is shown in (default `UTC`). */
  timeZone: timeZoneSchema,
  productName: productNameSchema,
})

/** `{ locale, schoolName, effectiveDate, exportUrl?, resubscribeUrl, timeZone?, productName? }`. */
export type SubscriptionCanceledParams = z.input<typeof schema>

/**
 * Sent when a subscription is canceled: when access ends, the data export (when offered), and
 * how to come back.
 *
 * @param params.effectiveDate end of access, shown as a date for the locale.
 * @param params.exportUrl optional absolute http(s) URL of the data export.
 * @param params.resubscribeUrl absolute http(s) URL.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function subscriptionCanceled(params: SubscriptionCanceledParams): RenderedEmail {
  const p = parseParams('subscriptionCanceled', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.subscriptionCanceled
  const effectiveDate = formatDate(p.effectiveDate, messages.intlLocale, p.timeZone)
  const exportBlocks: Block[] = p.exportUrl
    ? [
        { type: 'paragraph', text: m.exportIntro },
        { type: 'button', label: m.exportButton, url: p.exportUrl },
      ]
    : []
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader({ effectiveDate }),
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro(p) },
        { type: 'facts', items: [{ label: m.effectiveDateLabel, value: effectiveDate }] },
        ...exportBlocks,
        { type: 'paragraph', text: m.resubscribeIntro },
        { type: 'button', label: m.resubscribeButton, url: p.resubscribeUrl },
        { type: 'note', text: m.thanks(p) },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
