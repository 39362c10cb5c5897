import type { Where, WhereOperators } from './types.ts'

/** The operators {@link Where} allows; anything else is refused before a request is sent. */
export const WHERE_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'exists',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'like',
  'contains',
] as const satisfies ReadonlyArray<keyof WhereOperators>

const OPERATORS = new Set<string>(WHERE_OPERATORS)

/** Matches no document: Payload answers `id in []` with nothing. */
const NOTHING: Where = { id: { in: [] } }

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function normalizeList(list: unknown, path: string): Where[] {
  if (!Array.isArray(list)) throw new TypeError(`where ${path} must be an array of queries.`)
  const items: readonly unknown[] = list
  return items.map((item, index) => normalizeAt(item, `${path}[${index}]`))
}

function normalizeAt(where: unknown, path: string): Where {
  if (!isPlainObject(where)) throw new TypeError(`where ${path || '(root)'} must be a plain object.`)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue
    const at = path ? `${path}.${key}` : key
    if (key === 'and') {
      out.and = normalizeList(value, at)
    } else if (key === 'or') {
      const branches = normalizeList(value, at)
      // Payload treats `or: []` as "no condition" (every document); logically it is "none".
      out.or = branches.length === 0 ? [NOTHING] : branches
    } else {
      if (!isPlainObject(value)) {
        throw new TypeError(`where ${at} must be an object of operators, like { equals: value }.`)
      }
      for (const operator of Object.keys(value)) {
        if (!OPERATORS.has(operator)) {
          throw new TypeError(
            `where ${at} uses "${operator}", which is not one of: ${WHERE_OPERATORS.join(', ')}.`,
          )
        }
      }
      out[key] = value
    }
  }
  return out as Where
}

/**
 * Checks a query and makes Payload read it as written:
 * - every field condition is an object of known operators (a typo like `equal` would otherwise
 *   be ignored by the cms, widening the filter);
 * - an empty `or` becomes a condition that matches nothing (Payload reads `or: []` as no
 *   condition at all, i.e. every document).
 *
 * @returns a new query; the argument is not changed.
 * @throws TypeError when the query is malformed (see above).
 */
export function normalizeWhere(where: Where): Where {
  return normalizeAt(where, '')
}
