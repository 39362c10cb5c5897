/**
 * Query strings in the bracket format the cms parses (`qs`): nested objects and arrays become
 * `where[and][0][tenant][equals]=<id>`. Keys and values are encoded with `encodeURIComponent`;
 * the brackets stay literal.
 *
 * The cms parses with `qs-esm` (Payload's createPayloadRequest: depth 10, arrayLimit 1000,
 * default parameterLimit 1000, allowEmptyArrays). Beyond those limits `qs` does not fail: it
 * drops or reshapes the excess, which would silently change a filter. So this encoder refuses,
 * with a RangeError, anything the cms would not read back exactly as written.
 */

/** Bracket segments `qs` reads after the root key (`where[a][b]` has 2). */
export const MAX_KEY_SEGMENTS = 10
/** `key=value` pairs `qs` reads; later pairs are dropped. */
export const MAX_PARAMETERS = 1000
/** Elements of one array `qs` keeps; the rest are dropped. */
export const MAX_ARRAY_LENGTH = 1000

/**
 * Parameters to encode: strings, numbers, booleans, dates, and arrays and plain objects of those
 * (checked at run time, so generated interfaces such as a collection's select type fit).
 */
export type QueryParams = Readonly<Record<string, unknown>>

function describe(path: string): string {
  return `query parameter ${path}`
}

/** `qs` drops keys naming Object.prototype members and splits keys on brackets. */
function checkKey(key: string, path: string): void {
  if (key === '') throw new TypeError(`${describe(path)} has an empty key.`)
  if (/[[\]]/.test(key)) throw new TypeError(`${describe(path)}: keys cannot contain "[" or "]".`)
  if (Object.hasOwn(Object.prototype, key)) {
    throw new TypeError(`${describe(path)}: "${key}" cannot be a key; the cms's query parser ignores it.`)
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function encodeScalar(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return encodeURIComponent(value)
    case 'boolean':
      return String(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${describe(path)} is ${value}, not a finite number.`)
      return String(value)
    default:
      throw new TypeError(`${describe(path)} is a ${typeof value}, which a query string cannot carry.`)
  }
}

function encodeInto(out: string[], prefix: string, value: unknown, segments: number, path: string): void {
  if (value === undefined) return
  if (value === null) {
    throw new TypeError(
      `${describe(path)} is null, which a query string cannot carry; match empty fields with { exists: false }.`,
    )
  }
  const leaf = (encoded: string, extraSegments = 0) => {
    if (segments + extraSegments > MAX_KEY_SEGMENTS) {
      throw new RangeError(
        `${describe(path)} is nested ${segments + extraSegments} levels deep; the cms reads at most ${MAX_KEY_SEGMENTS}.`,
      )
    }
    out.push(`${prefix}${extraSegments ? '[]' : ''}=${encoded}`)
    if (out.length > MAX_PARAMETERS) {
      throw new RangeError(
        `The query has more than ${MAX_PARAMETERS} parameters; the cms ignores the rest. Split the request (e.g. batch long "in" lists).`,
      )
    }
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${describe(path)} is an invalid Date.`)
    leaf(encodeURIComponent(value.toISOString()))
    return
  }
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value
    if (items.length > MAX_ARRAY_LENGTH) {
      throw new RangeError(
        `${describe(path)} has ${items.length} elements; the cms reads at most ${MAX_ARRAY_LENGTH}.`,
      )
    }
    // An empty array is sent as `key[]=`, which the cms reads back as [] (allowEmptyArrays).
    if (items.length === 0) {
      leaf('', 1)
      return
    }
    items.forEach((item, index) => {
      if (item === undefined) throw new TypeError(`${describe(`${path}[${index}]`)} is undefined.`)
      encodeInto(out, `${prefix}[${index}]`, item, segments + 1, `${path}[${index}]`)
    })
    return
  }
  if (typeof value === 'object') {
    if (!isPlainObject(value)) {
      throw new TypeError(
        `${describe(path)} is a ${value.constructor?.name ?? 'object'}, not a plain object.`,
      )
    }
    for (const [key, member] of Object.entries(value)) {
      checkKey(key, `${path}[${key}]`)
      encodeInto(out, `${prefix}[${encodeURIComponent(key)}]`, member, segments + 1, `${path}[${key}]`)
    }
    return
  }
  leaf(encodeScalar(value, path))
}

/**
 * Encodes parameters as a query string (without the leading `?`) that the cms's `qs` parser reads
 * back to the same structure. Scalars become strings (`true`, `42`); dates become ISO 8601;
 * empty objects and `undefined` members are left out; empty arrays are sent as `key[]=`.
 *
 * @example toQueryString({ where: { slug: { in: ['a', 'b'] } }, limit: 5 })
 *   // 'where[slug][in][0]=a&where[slug][in][1]=b&limit=5'
 * @throws TypeError for `null`, non-finite numbers, non-plain objects, functions, and keys the
 *   cms's parser would misread (empty, containing brackets, or `constructor`, `__proto__`, …).
 * @throws RangeError past the parser's limits: nesting deeper than {@link MAX_KEY_SEGMENTS},
 *   arrays longer than {@link MAX_ARRAY_LENGTH}, or more than {@link MAX_PARAMETERS} pairs.
 */
export function toQueryString(params: QueryParams): string {
  const out: string[] = []
  for (const [key, value] of Object.entries(params)) {
    checkKey(key, key)
    encodeInto(out, encodeURIComponent(key), value, 0, key)
  }
  return out.join('&')
}
