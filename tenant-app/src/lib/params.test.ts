import { describe, expect, it } from 'vitest'
import {
  catalogHref,
  courseHref,
  MAX_QUERY_LENGTH,
  mediaHref,
  parseCatalogParams,
  parseCourseSlug,
  parseMediaFilename,
  parsePage,
  parseSearchQuery,
} from './params.ts'

describe('parseSearchQuery (?q=)', () => {
  const table: Array<[input: string | string[] | undefined, expected: string]> = [
    [undefined, ''],
    ['', ''],
    ['   ', ''],
    ['documentation', 'documentation'],
    ['  clear   technical\tdocs  ', 'clear technical docs'],
    [['first', 'second'], 'first'],
    [[], ''],
    ['line\nbreak\u0000nul', 'line break nul'],
    ['Écrire « clair »', 'Écrire « clair »'],
    ['x'.repeat(500), 'x'.repeat(MAX_QUERY_LENGTH)],
  ]
  it.each(table)('%j → %j', (input, expected) => {
    expect(parseSearchQuery(input)).toBe(expected)
  })

  it('never cuts inside a character made of two code units', () => {
    const query = parseSearchQuery(`${'a'.repeat(MAX_QUERY_LENGTH - 1)}😀😀`)
    expect(Array.from(query)).toHaveLength(MAX_QUERY_LENGTH)
    expect(query.endsWith('😀')).toBe(true)
  })
})

describe('parsePage (?page=)', () => {
  const table: Array<[input: string | string[] | undefined, expected: number]> = [
    [undefined, 1],
    ['', 1],
    ['1', 1],
    ['2', 2],
    [' 3 ', 3],
    ['1000', 1000],
    ['1001', 1],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['1e3', 1],
    ['two', 1],
    [['4', '5'], 4],
  ]
  it.each(table)('%j → %d', (input, expected) => {
    expect(parsePage(input)).toBe(expected)
  })
})

describe('parseCatalogParams and catalogHref', () => {
  it('reads q and page, ignoring the rest', () => {
    expect(parseCatalogParams({ q: ' style ', page: '2', utm_source: 'x' })).toEqual({
      query: 'style',
      page: 2,
    })
    expect(parseCatalogParams({})).toEqual({ query: '', page: 1 })
  })

  it('builds canonical catalog links', () => {
    expect(catalogHref({ query: '', page: 1 })).toBe('/')
    expect(catalogHref({ query: 'style guide', page: 1 })).toBe('/?q=style+guide')
    expect(catalogHref({ query: 'a&b', page: 3 })).toBe('/?q=a%26b&page=3')
    expect(catalogHref({ query: '', page: 2 })).toBe('/?page=2')
  })
})

describe('parseCourseSlug', () => {
  const table: Array<[input: string | string[] | undefined, expected: string | null]> = [
    ['writing-clear-technical-documentation', 'writing-clear-technical-documentation'],
    ['les-bases-de-la-photographie-numerique', 'les-bases-de-la-photographie-numerique'],
    ['a1', 'a1'],
    [['intro', 'other'], 'intro'],
    [undefined, null],
    ['', null],
    ['Intro', null],
    ['intro_1', null],
    ['-intro', null],
    ['intro-', null],
    ['intro--two', null],
    ['intro two', null],
    ['../tenants', null],
    ['écrire', null],
    ['a'.repeat(201), null],
  ]
  it.each(table)('%j → %j', (input, expected) => {
    expect(parseCourseSlug(input)).toBe(expected)
  })

  it('builds the course path', () => {
    expect(courseHref('intro')).toBe('/courses/intro')
  })
})

describe('parseMediaFilename', () => {
  const table: Array<[input: string | string[] | undefined, expected: string | null]> = [
    ['northwind-logo.png', 'northwind-logo.png'],
    ['cover image (1).jpg', 'cover image (1).jpg'],
    ['photo-é.webp', 'photo-é.webp'],
    [undefined, null],
    ['', null],
    ['.env', null],
    ['..', null],
    ['../secrets.txt', null],
    ['dir/file.png', null],
    ['dir\\file.png', null],
    ['bad\u0000name.png', null],
    [`${'a'.repeat(252)}.png`, null],
  ]
  it.each(table)('%j → %j', (input, expected) => {
    expect(parseMediaFilename(input)).toBe(expected)
  })

  it('builds the same-origin media path, escaped', () => {
    expect(mediaHref('cover image (1).jpg')).toBe('/media/cover%20image%20(1).jpg')
  })
})
