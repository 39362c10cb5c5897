import { z } from 'zod'
import { chromeFor } from './chrome.ts'
import { type RenderedEmail, renderEmail } from './layout.ts'
import { MESSAGES } from './locales/index.ts'
import { displayTextSchema, localeSchema, parseParams, productNameSchema } from './params.ts'

const schema = z.object({
  locale: localeSchema,
  schoolName: displayTextSchema,
  /** The reported lesson's title or media file's name. */
  itemTitle: displayTextSchema,
  /** The course taken offline. */
  courseTitle: displayTextSchema,
  productName: productNameSchema,
})

/** `{ locale, schoolName, itemTitle, courseTitle, productName? }`. */
export type ContentUnpublishedParams = z.input<typeof schema>

/**
 * Sent to a school's admins when the platform's moderators unpublish a course after members
 * reported content in it: which item, which course, and how to publish it again.
 *
 * @returns `{ subject, text, html }`.
 * @throws TypeError naming each invalid parameter.
 */
export function contentUnpublished(params: ContentUnpublishedParams): RenderedEmail {
  const p = parseParams('contentUnpublished', schema, params)
  const messages = MESSAGES[p.locale]
  const m = messages.contentUnpublished
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
            { label: m.itemLabel, value: p.itemTitle },
            { label: m.courseLabel, value: p.courseTitle },
          ],
        },
        { type: 'paragraph', text: m.next },
      ],
    },
    chromeFor(messages, p.productName),
  )
}
