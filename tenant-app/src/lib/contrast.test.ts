import { describe, expect, it } from 'vitest'
import {
  BLACK,
  brandPalette,
  contrastRatio,
  DEFAULT_BRAND,
  inkOn,
  normalizeBrandColor,
  readableTextColor,
  relativeLuminance,
  WHITE,
} from './contrast.ts'

describe('relativeLuminance and contrastRatio (WCAG 2.2)', () => {
  it('matches the reference values', () => {
    expect(relativeLuminance(BLACK)).toBe(0)
    expect(relativeLuminance(WHITE)).toBe(1)
    expect(contrastRatio(BLACK, WHITE)).toBe(21)
    expect(contrastRatio(WHITE, BLACK)).toBe(21)
    expect(contrastRatio('#777777', '#777777')).toBe(1)
    // Well-known pairs, to two decimals.
    expect(contrastRatio('#767676', WHITE)).toBeCloseTo(4.54, 2)
    expect(contrastRatio('#1d4ed8', WHITE)).toBeCloseTo(6.7, 1)
  })

  it('accepts upper case and rejects anything but #rrggbb', () => {
    expect(relativeLuminance('#FFFFFF')).toBe(1)
    expect(() => relativeLuminance('#fff')).toThrow(TypeError)
    expect(() => relativeLuminance('red')).toThrow(TypeError)
  })
})

describe('readableTextColor', () => {
  // Each row: a background → the text colour with the better contrast.
  const table: Array<[background: string, text: string]> = [
    ['#1d4ed8', WHITE], // Northwind blue
    ['#b45309', WHITE], // Lumière amber
    ['#000000', WHITE],
    ['#ffffff', BLACK],
    ['#ffff00', BLACK], // yellow
    ['#facc15', BLACK], // amber 400
    ['#22c55e', BLACK], // green 500
    ['#ef4444', BLACK], // red 500: black 5.6 vs white 3.8
    ['#dc2626', WHITE], // red 600
    ['#7c3aed', WHITE], // violet
    ['#0f766e', WHITE], // teal 700
    ['#767676', BLACK], // mid grey: black 4.69 vs white 4.54
    ['#757575', WHITE], // one step darker tips it
  ]
  it.each(table)('on %s → %s', (background, text) => {
    expect(readableTextColor(background)).toBe(text)
  })

  it('always reaches WCAG AA (4.5:1) for normal text', () => {
    for (let n = 0; n <= 0xffffff; n += 0x0f0f0f) {
      const background = `#${n.toString(16).padStart(6, '0')}`
      expect(contrastRatio(background, readableTextColor(background))).toBeGreaterThanOrEqual(4.5)
    }
  })
})

describe('inkOn', () => {
  it('keeps a brand colour that already reads on white', () => {
    expect(inkOn('#1d4ed8')).toBe('#1d4ed8')
    expect(inkOn('#b45309')).toBe('#b45309')
  })

  it('darkens a light brand colour until it reads on white', () => {
    for (const light of ['#facc15', '#ffff00', '#22c55e', '#38bdf8', '#ffffff']) {
      const ink = inkOn(light)
      expect(ink).not.toBe(light)
      expect(contrastRatio(ink, WHITE)).toBeGreaterThanOrEqual(4.5)
    }
  })
})

describe('brandPalette', () => {
  it('derives the three custom properties', () => {
    expect(brandPalette('#FACC15')).toEqual({
      brand: '#facc15',
      onBrand: BLACK,
      brandInk: inkOn('#facc15'),
    })
  })

  it('falls back to the default brand for a missing or invalid colour', () => {
    for (const bad of [null, undefined, '', 'blue', '#12345', 42]) {
      expect(normalizeBrandColor(bad)).toBe(DEFAULT_BRAND)
      expect(brandPalette(bad).brand).toBe(DEFAULT_BRAND)
    }
  })
})
