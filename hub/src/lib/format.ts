import type { Locale } from '@lyceum/domain'

/** Digits of a currency's minor unit (2 for EUR and USD, 0 for JPY, 3 for KWD), per ISO 4217. */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  )
}

/**
 * A price for display, in the locale's conventions and the price's own currency: `€29` (en) and
 * `29 €` (fr). The one style everywhere: whole amounts without decimals, others with every
 * decimal of the currency (`€29.50`, `29,50 €`).
 *
 * @param minor amount in the currency's minor unit (cents), as the cms stores it
 * @throws RangeError for a currency code Intl does not know
 */
export function formatPrice(minor: number, currency: string, locale: Locale): string {
  const amount = minor / 10 ** minorUnitDigits(currency)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'symbol',
    trailingZeroDisplay: 'stripIfInteger',
  }).format(amount)
}

const GB = 1_000_000_000
const MB = 1_000_000

/**
 * A storage size (decimal units, as the plans are defined): `2 GB` / `2 Go`, `500 MB` / `500 Mo`.
 */
export function formatStorage(bytes: number, locale: Locale): string {
  const [value, unit] = bytes >= GB ? [bytes / GB, 'gigabyte'] : [bytes / MB, 'megabyte']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value)
}

/** A count with the locale's grouping: `5,000` / `5 000`. */
export function formatCount(count: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count)
}
