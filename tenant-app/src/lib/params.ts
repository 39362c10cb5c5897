/**
 * What the public pages accept from the URL. Anything else is normalised away here, before a
 * value reaches a cms query.
 */

/** Longest search text kept; the rest is cut. */
export const MAX_QUERY_LENGTH = 100
/** Highest catalog page number accepted (beyond it: page 1). */
export const MAX_PAGE = 1000
/** Longest course slug accepted (the cms's title limit). */
export const MAX_SLUG_LENGTH = 200

/** A route's search parameters, as Next.js passes them. */
export type SearchParams = Record<string, string | string[] | undefined>

/** What the catalog page reads from its URL. */
export type CatalogParams = {
  /** Trimmed search text with inner whitespace collapsed; `''` for none. */
  query: string
  /** 1-based page number. */
  page: number
}

function first(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return value[0] ?? ''
  return value ?? ''
}

/**
 * The search text of `?q=`: the first value if repeated, control characters removed, whitespace
 * collapsed, trimmed, and cut to {@link MAX_QUERY_LENGTH} characters (never inside a surrogate pair).
 */
export function parseSearchQuery(value: string | string[] | undefined): string {
  const cleaned = first(value)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return Array.from(cleaned).slice(0, MAX_QUERY_LENGTH).join('').trim()
}

/** `?page=`: a whole number from 1 to {@link MAX_PAGE}; anything else is page 1. */
export function parsePage(value: string | string[] | undefined): number {
  const raw = first(value).trim()
  if (!/^\d{1,4}$/.test(raw)) return 1
  const page = Number(raw)
  return page >= 1 && page <= MAX_PAGE ? page : 1
}

/** Reads the catalog's `q` and `page`; other parameters are ignored. */
export function parseCatalogParams(params: SearchParams): CatalogParams {
  return { query: parseSearchQuery(params.q), page: parsePage(params.page) }
}

/** The catalog URL for a search and page (page 1 and an empty search are left out). */
export function catalogHref({ query, page }: CatalogParams): string {
  const search = new URLSearchParams()
  if (query) search.set('q', query)
  if (page > 1) search.set('page', String(page))
  const qs = search.toString()
  return qs ? `/?${qs}` : '/'
}

const COURSE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * A course slug from the URL, or `null` when it cannot be one (the cms's rule: lowercase letters,
 * digits and single hyphens). Such URLs are answered 404 without asking the cms.
 */
export function parseCourseSlug(value: string | string[] | undefined): string | null {
  const raw = first(value)
  if (raw.length === 0 || raw.length > MAX_SLUG_LENGTH) return null
  return COURSE_SLUG.test(raw) ? raw : null
}

/** The path of a course page. */
export function courseHref(slug: string): string {
  return `/courses/${encodeURIComponent(slug)}`
}

/**
 * A media file name from `/media/[filename]`, or `null` when it could name anything but one file
 * (empty, path separators, dot files, `..`, control characters, over 255 characters).
 */
export function parseMediaFilename(value: string | string[] | undefined): string | null {
  const raw = first(value)
  if (raw.length === 0 || raw.length > 255) return null
  // biome-ignore lint/suspicious/noControlCharactersInRegex: file names with control characters are refused
  if (/[/\\\u0000-\u001f\u007f]/.test(raw) || raw.startsWith('.')) return null
  return raw
}

/** The same-origin path a cms media file is served at (see src/app/media/[filename]/route.ts). */
export function mediaHref(filename: string): string {
  return `/media/${encodeURIComponent(filename)}`
}

/** A lesson slug from the URL (the same rule as course slugs), or `null`. */
export function parseLessonSlug(value: string | string[] | undefined): string | null {
  return parseCourseSlug(value)
}

/** The path of a lesson in the player. */
export function lessonHref(courseSlug: string, lessonSlug: string): string {
  return `${courseHref(courseSlug)}/lessons/${encodeURIComponent(lessonSlug)}`
}
