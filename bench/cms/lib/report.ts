/** Small text-table helpers for the final printout. */

export const ms = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v)
    ? '–'
    : v >= 1000
      ? `${(v / 1000).toFixed(2)} s`
      : `${v.toFixed(v < 10 ? 2 : 1)} ms`

export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : `${(bytes / 1024 / 1024).toFixed(0)} MB`

export const pct = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(0)} %`)

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Renders rows as aligned columns: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows]
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)))
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
