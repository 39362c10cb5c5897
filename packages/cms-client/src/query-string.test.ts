import { describe, expect, it } from 'vitest'
import { MAX_ARRAY_LENGTH, MAX_PARAMETERS, type QueryParams, toQueryString } from './query-string.ts'

// Each row: parameters → the exact query string the cms's qs parser reads back to them.
const table: Array<[label: string, params: QueryParams, expected: string]> = [
  ['nothing', {}, ''],
  ['scalars', { limit: 5, page: 2, depth: 0, draft: false }, 'limit=5&page=2&depth=0&draft=false'],
  ['undefined members are left out', { limit: undefined, page: 1 }, 'page=1'],
  ['a field condition', { where: { slug: { equals: 'acme' } } }, 'where[slug][equals]=acme'],
  [
    'and with nested objects and indices',
    { where: { and: [{ tenant: { equals: 't1' } }, { published: { equals: true } }] } },
    'where[and][0][tenant][equals]=t1&where[and][1][published][equals]=true',
  ],
  [
    'or inside and',
    { where: { and: [{ or: [{ a: { exists: false } }, { b: { less_than: 3 } }] }] } },
    'where[and][0][or][0][a][exists]=false&where[and][0][or][1][b][less_than]=3',
  ],
  ['arrays by index', { where: { id: { in: ['x', 'y'] } } }, 'where[id][in][0]=x&where[id][in][1]=y'],
  ['an empty array as key[]=', { where: { id: { in: [] } } }, 'where[id][in][]='],
  ['empty objects vanish', { where: {}, limit: 1 }, 'limit=1'],
  [
    'dotted paths stay in one segment',
    { where: { 'limits.seats': { gte: 5 } } },
    'where[limits.seats][gte]=5',
  ],
  [
    'values are percent-encoded, brackets are not',
    { where: { name: { like: 'a&b=c [d]+é/?#%' } } },
    'where[name][like]=a%26b%3Dc%20%5Bd%5D%2B%C3%A9%2F%3F%23%25',
  ],
  ['keys are encoded', { where: { 'é&x': { equals: 1 } } }, 'where[%C3%A9%26x][equals]=1'],
  [
    'dates as ISO 8601',
    { where: { at: { greater_than: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) } } },
    'where[at][greater_than]=2025-01-02T03%3A04%3A05.006Z',
  ],
  [
    'negative and fractional numbers',
    { where: { n: { in: [-1, 0.5] } } },
    'where[n][in][0]=-1&where[n][in][1]=0.5',
  ],
  [
    'select include',
    { select: { name: true, limits: { seats: true } } },
    'select[name]=true&select[limits][seats]=true',
  ],
  ['sort as a comma list is a plain string', { sort: '-createdAt,name' }, 'sort=-createdAt%2Cname'],
  ['empty string value', { where: { a: { equals: '' } } }, 'where[a][equals]='],
  [
    'ten bracket segments are the limit',
    { r: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } } },
    'r[a][b][c][d][e][f][g][h][i][j]=1',
  ],
]

describe('toQueryString', () => {
  it.each(table)('%s', (_label, params, expected) => {
    expect(toQueryString(params)).toBe(expected)
  })

  it('is decoded by URLSearchParams to the same keys and values', () => {
    const query = toQueryString({ where: { name: { like: 'a+b c&d' } } })
    expect([...new URLSearchParams(query)]).toEqual([['where[name][like]', 'a+b c&d']])
  })

  const refused: Array<
    [label: string, params: QueryParams, error: typeof TypeError | typeof RangeError, message: RegExp]
  > = [
    ['null (would become an empty string)', { where: { a: { equals: null } } }, TypeError, /exists: false/],
    ['NaN', { limit: Number.NaN }, TypeError, /finite/],
    ['Infinity', { limit: Number.POSITIVE_INFINITY }, TypeError, /finite/],
    ['an invalid Date', { where: { at: { equals: new Date('nope') } } }, TypeError, /invalid Date/],
    ['a Map', { where: new Map() }, TypeError, /Map/],
    ['a function', { x: () => 1 }, TypeError, /function/],
    ['a bigint', { x: 1n }, TypeError, /bigint/],
    ['a key with brackets', { where: { 'a[b]': { equals: 1 } } }, TypeError, /"\["/],
    ['an empty key', { where: { '': { equals: 1 } } }, TypeError, /empty key/],
    ['constructor (qs drops it)', { where: { constructor: { equals: 1 } } }, TypeError, /constructor/],
    ['toString (qs drops it)', { where: { toString: { equals: 1 } } }, TypeError, /toString/],
    ['a hole in an array', { where: { id: { in: ['a', undefined] } } }, TypeError, /undefined/],
    [
      'eleven bracket segments',
      { r: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 1 } } } } } } } } } } } },
      RangeError,
      /11 levels/,
    ],
    [
      'an empty array at the depth limit ([] is a segment)',
      { r: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: [] } } } } } } } } } } },
      RangeError,
      /11 levels/,
    ],
    [
      `an array longer than ${MAX_ARRAY_LENGTH}`,
      { where: { id: { in: Array.from({ length: MAX_ARRAY_LENGTH + 1 }, (_, i) => `id${i}`) } } },
      RangeError,
      /1001 elements/,
    ],
    [
      `more than ${MAX_PARAMETERS} parameters`,
      { where: { id: { in: Array.from({ length: MAX_PARAMETERS }, (_, i) => `id${i}`) } }, limit: 10 },
      RangeError,
      /more than 1000 parameters/,
    ],
  ]

  it.each(refused)('refuses %s', (_label, params, error, message) => {
    expect(() => toQueryString(params)).toThrow(error)
    expect(() => toQueryString(params)).toThrow(message)
  })

  it(`accepts exactly ${MAX_PARAMETERS} parameters`, () => {
    const ids = Array.from({ length: MAX_PARAMETERS }, (_, i) => `id${i}`)
    expect(toQueryString({ where: { id: { in: ids } } }).split('&')).toHaveLength(MAX_PARAMETERS)
  })
})
