/**
 * Formats an amount in a currency's minor unit (cents for EUR/USD, yen for JPY) for a locale, with
 * `Intl.NumberFormat`: `formatMoney(2900, 'EUR', 'fr')` → `29,00 €` (the space is a no-break space),
 * `formatMoney(2900, 'EUR', 'en')` → `€29.00`, `formatMoney(2900, 'JPY', 'en')` → `¥2,900`.
 *
 * The number of minor digits comes from ICU's data for the currency (2 for EUR, 0 for JPY, 3 for KWD).
 *
 * @param amountMinor integer amount in minor units (negative amounts are formatted with a sign).
 * @param currency ISO 4217 code, any case (`eur`, `EUR`).
 * @param intlLocale BCP 47 tag (`en`, `fr`, `fr-CA`).
 * @throws RangeError when `currency` is not a well-formed code or `amountMinor` is not an integer.
 */
export function formatMoney(amountMinor: number, currency: string, intlLocale: string): string {
  if (!Number.isInteger(amountMinor)) {
    throw new RangeError(`Amounts are whole numbers of minor units (cents), got ${amountMinor}.`)
  }
  const format = new Intl.NumberFormat(intlLocale, { style: 'currency', currency: currency.toUpperCase() })
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(amountMinor / 10 ** digits)
}

/**
 * Formats a calendar date (no time) for a locale with `Intl.DateTimeFormat` (`dateStyle: 'long'`):
 * `en` → `March 3, 2026`, `fr` → `3 mars 2026`.
 *
 * @param date the instant to show.
 * @param intlLocale BCP 47 tag.
 * @param timeZone IANA zone the day is taken in (default `UTC`; pass the school's zone when known,
 *   or an instant near midnight shows as the neighbouring day).
 * @throws RangeError for an invalid `Date` or an unknown time zone.
 */
export function formatDate(date: Date, intlLocale: string, timeZone = 'UTC'): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot format an invalid Date.')
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone }).format(date)
}
