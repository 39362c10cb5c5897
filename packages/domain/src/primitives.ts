import { z } from 'zod'

/** An email address, trimmed and lower-cased so that lookups are case-insensitive. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address, like name@example.com.' }))

/** ISO 4217 currency code, upper-case (e.g. `EUR`). */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: 'Use a three-letter ISO 4217 currency code, like EUR or USD.' })

/** A non-negative amount in the currency's minor unit (cents for EUR/USD). */
export const minorUnitsSchema = z
  .number()
  .int({ message: 'Amounts are whole numbers of minor units (cents).' })
  .nonnegative({ message: 'Amounts cannot be negative.' })

/** Money: `{ amount }` in minor units plus its currency. */
export const moneySchema = z.object({ amount: minorUnitsSchema, currency: currencySchema })
export type Money = z.infer<typeof moneySchema>

/** A `#rrggbb` colour, lower-cased. */
export const hexColorSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, { message: 'Use a colour in the form #1d4ed8.' })

/** Payload document ids are UUIDs (`idType: 'uuid'`). */
export const documentIdSchema = z.uuid({ message: 'Not a valid id.' })
