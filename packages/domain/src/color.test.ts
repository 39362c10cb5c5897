import { describe, expect, it } from 'vitest'
import { contrastWithWhite, isHexColor, whiteTextReadableOn } from './color.ts'

describe('brand colours against white text', () => {
  it.each([
    ['#000000', 21, true],
    ['#ffffff', 1, false],
    ['#1d4ed8', 6.7, true], // the default blue
    ['#767676', 4.54, true], // the lightest grey that passes AA
    ['#777777', 4.48, false],
    ['#AABBCC', 1.97, false], // upper case is accepted
    ['#ffd700', 1.4, false], // gold
  ])('%s: %d:1, readable %s', (hex, ratio, readable) => {
    expect(contrastWithWhite(hex)).toBeCloseTo(ratio, 1)
    expect(whiteTextReadableOn(hex)).toBe(readable)
  })

  it('knows a #rrggbb colour from anything else', () => {
    expect([isHexColor('#1d4ed8'), isHexColor(' #1D4ED8 '), isHexColor('red'), isHexColor('#fff')]).toEqual([
      true,
      true,
      false,
      false,
    ])
  })
})
