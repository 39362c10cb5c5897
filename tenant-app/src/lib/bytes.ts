/**
 * A size in bytes for people, in the school's language: "0.5 kB", "850 kB", "1.2 MB", "3 GB" (decimal
 * units, as file managers show them; French gives "1,2 Mo"). Negative or non-finite sizes are 0.
 */
export function formatBytes(bytes: number, locale: string): string {
  const value = Number.isFinite(bytes) && bytes > 0 ? bytes : 0
  const [unit, divisor] =
    value >= 1e9
      ? (['gigabyte', 1e9] as const)
      : value >= 1e6
        ? (['megabyte', 1e6] as const)
        : (['kilobyte', 1e3] as const)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value / divisor)
}
