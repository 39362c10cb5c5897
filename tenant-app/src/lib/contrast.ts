/**
 * Colour contrast after WCAG 2.2 (relative luminance and contrast ratio, success criteria 1.4.3
 * and 1.4.11), used to derive readable colours from a school's brand colour.
 */

/** The colour used when a school has none, or an invalid one (the cms's default). */
export const DEFAULT_BRAND = '#1d4ed8'

export const BLACK = '#000000'
export const WHITE = '#ffffff'

/** WCAG AA for normal text. */
export const AA_TEXT = 4.5

const HEX = /^#([0-9a-f]{6})$/i

/** `#rrggbb` (any case) → `[r, g, b]` in 0–255. @throws TypeError for anything else. */
export function parseHex(hex: string): [number, number, number] {
  const match = HEX.exec(hex.trim())
  if (!match?.[1]) throw new TypeError(`Not a #rrggbb colour: ${JSON.stringify(hex)}`)
  const n = Number.parseInt(match[1], 16)
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
}

function toHex([r, g, b]: readonly [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`
}

/** Whether `value` is a `#rrggbb` colour. */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value.trim())
}

/** The school's colour lower-cased, or {@link DEFAULT_BRAND} when it is missing or invalid. */
export function normalizeBrandColor(value: unknown): string {
  return isHexColor(value) ? value.trim().toLowerCase() : DEFAULT_BRAND
}

function channel(c: number): number {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of a `#rrggbb` colour: 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex)
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/** WCAG contrast ratio between two colours: 1 (none) to 21 (black on white). Order does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * Black or white, whichever contrasts more with `background` (ties go to white). Either one
 * reaches at least 4.58:1 against any colour, so text on the brand colour always passes AA.
 */
export function readableTextColor(background: string): typeof BLACK | typeof WHITE {
  return contrastRatio(background, BLACK) > contrastRatio(background, WHITE) ? BLACK : WHITE
}

/**
 * The brand colour itself when it reads as text on `surface` (≥ `minRatio`), otherwise the
 * brand colour darkened step by step towards black until it does: links and accents keep the
 * school's hue without failing contrast (a yellow brand gives a dark olive ink).
 */
export function inkOn(brand: string, surface: string = WHITE, minRatio: number = AA_TEXT): string {
  const rgb = parseHex(brand)
  for (let step = 0; step <= 20; step++) {
    const factor = 1 - step / 20
    const candidate = toHex([rgb[0] * factor, rgb[1] * factor, rgb[2] * factor])
    if (contrastRatio(candidate, surface) >= minRatio) return candidate
  }
  return BLACK
}

/** The CSS custom properties a school's brand colour sets (see the root layout). */
export type BrandPalette = {
  /** The brand colour (header band, buttons). */
  brand: string
  /** Text on the brand colour: black or white. */
  onBrand: string
  /** The brand colour as text on white (links, accents), darkened when needed. */
  brandInk: string
}

/** The palette of a school's colour; an invalid colour falls back to {@link DEFAULT_BRAND}. */
export function brandPalette(color: unknown): BrandPalette {
  const brand = normalizeBrandColor(color)
  return { brand, onBrand: readableTextColor(brand), brandInk: inkOn(brand) }
}
