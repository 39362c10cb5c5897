/**
 * Brand colours of schools: WCAG 2.2 contrast (relative luminance, contrast ratio). The rule a
 * school's own admins are held to — white text on the brand colour (header band, buttons) must
 * reach AA for normal text — is checked by the cms and by the school's settings form alike.
 */

/** WCAG AA contrast for normal text. */
export const AA_TEXT_CONTRAST = 4.5

const HEX = /^#([0-9a-f]{6})$/i

/** Whether `value` is a `#rrggbb` colour (any case). */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value.trim())
}

function channel(c: number): number {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of a `#rrggbb` colour: 0 (black) to 1 (white). @throws TypeError otherwise. */
export function relativeLuminance(hex: string): number {
  const match = HEX.exec(hex.trim())
  if (!match?.[1]) throw new TypeError(`Not a #rrggbb colour: ${JSON.stringify(hex)}`)
  const n = Number.parseInt(match[1], 16)
  return 0.2126 * channel((n >> 16) & 0xff) + 0.7152 * channel((n >> 8) & 0xff) + 0.0722 * channel(n & 0xff)
}

/** Contrast ratio of white text on `hex`: 1 (white) to 21 (black). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (relativeLuminance(hex) + 0.05)
}

/** Whether white text on `hex` reaches WCAG AA for normal text (4.5:1). */
export function whiteTextReadableOn(hex: string): boolean {
  return contrastWithWhite(hex) >= AA_TEXT_CONTRAST
}
