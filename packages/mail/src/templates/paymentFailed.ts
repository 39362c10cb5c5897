import { z } from 'zod'
import { formatDate, formatMoney } from '../format.ts'
import { chromeFor } from './chrome.ts'
import { type Block, type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import {
  currencySchema,
  dateSchema,
  displayTextSchema,
  httpUrlSchema,
  localeSchema,
  minorUnitsSchema,
  parseParams,
  productNameSchema,
  timeZoneSchema,
} from './params.ts'

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** Integer amount in the currency's minor unit: 2900 = €29.00. */
  amount: minorUnitsSchema,
  /** ISO 4217 code, any case. */
  currency: currencySchema,
  /** When the provider retries the charge; omit when it will not. */
  retryDate: dateSchema.optional(),
  /** The billing portal where the payment method is updated. */
  portalUrl: httpUrlSchema,
  /** Zone `retryDate` is shown in (default `UTC`). */
  timeZone: timeZoneSchema,
  productName: productNameSchema,
})

/** `{ locale, schoolName, amount, currency, retryDate?, portalUrl, timeZone?, productName? }`. */
export type PaymentFailedParams = z.input<typeof schema>

/**
 * Sent when a subscription charge fails. Money is formatted with `Intl.NumberFormat` for the locale
 * (`€29.00` in English, `29,00 €` in French), the retry date with `Intl.DateTimeFormat`.
 *
 * @param params.amount integer, minor units (cents); `currency` e.g. `EUR`.
 * @param params.retryDate next attempt; without it the message asks to act as soon as possible.
 * @param params.portalUrl absolute http(s) URL of the billing portal.
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function paymentFailed(params: PaymentFailedParams): RenderedEmail {
  const p = parseParams('paymentFailed', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.paymentFailed
  const amount = formatMoney(p.amount, p.currency, messages.intlLocale)
  const next: Block = p.retryDate
    ? {
        type: 'paragraph',
        text: m.retry({ retryDate: formatDate(p.retryDate, messages.intlLocale, p.timeZone) }),
      }
    : { type: 'paragraph', text: m.noRetry(p) }
  return renderEmail(
    {
      lang: messages.intlLocale,
      subject: m.subject(p),
      preheader: m.preheader({ amount }),
      heading: m.heading,
      blocks: [
        { type: 'paragraph', text: m.intro({ ...p, amount }) },
        next,
        { type: 'button', label: m.updateButton, url: p.portalUrl },
        { type: 'note', text: m.causes },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
