/** The zod schemas shared by the templates' parameters, and the parse that turns issues into one error. */
import { currencySchema, emailSchema, LOCALES, minorUnitsSchema } from '@lyceum/domain'
import { z } from 'zod'

/** A locale the platform serves (`en` | `fr`). */
export const localeSchema = z.enum(LOCALES, { error: `Use one of the locales ${LOCALES.join(', ')}.` })

/** An absolute http(s) URL. Anything else (`javascript:`, relative paths) is refused. */
export const httpUrlSchema = z.string().refine(
  (value) => {
    if (!URL.canParse(value)) return false
    const { protocol } = new URL(value)
    return protocol === 'https:' || protocol === 'http:'
  },
  { error: 'Use an absolute http(s) URL, like https://northwind.lyceum.example/login.' },
)

/** A valid `Date` instance. */
export const dateSchema = z.date({ error: 'Use a valid Date.' })

/** A non-empty single-line display text such as a school name (trimmed). */
export const displayTextSchema = z.string().trim().min(1, { error: 'Cannot be empty.' }).max(200)

/** The product name shown in every message; white-label deployments pass their own. */
export const productNameSchema = displayTextSchema.default('Lyceum')

/** An IANA time zone (`Europe/Paris`) that dates are shown in; `UTC` when absent. */
export const timeZoneSchema = z
  .string()
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { error: 'Use an IANA time zone, like Europe/Paris.' },
  )
  .default('UTC')

export { currencySchema, emailSchema, minorUnitsSchema }

/**
 * Parses a template's parameters.
 *
 * @throws TypeError naming the template and every bad field, e.g.
 *   `verificationCode: invalid parameters: code: Use the 6-digit code.`
 */
export function parseParams<S extends z.ZodType>(template: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const described = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(params)'}: ${issue.message}`)
    .join('; ')
  throw new TypeError(`${template}: invalid parameters: ${described}`)
}
