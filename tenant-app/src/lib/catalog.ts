import type { Where } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import { cache } from 'react'
import { cms, type MediaRef, mediaRef, type School } from './cms.ts'
import type { CatalogParams } from './params.ts'
import { isTimeout, type Stale, shared } from './shared-cache.ts'

/**
 * Reads for the public pages. Every query names the school's tenant and `published: true` even
 * though the tenant key already limits what the cms returns: should the key ever be read as
 * anonymous (revoked), the catalog still could not show another school's courses.
 *
 * What they read is the same for every reader, so it is kept in the instance's shared cache for
 * {@link CONTENT_TTL_MS} (src/lib/shared-cache.ts, decision 085); a course that is not found is
 * never kept, so publishing shows at once.
 */

/** How long published content read from the cms is served from the instance's cache, ms. */
export const CONTENT_TTL_MS = 10_000

/**
 * After that, published content is still served while one background refresh runs, for up to
 * a minute while refreshes time out (an overloaded cms): readers never queue behind the cms for
 * content every reader shares.
 */
export const CONTENT_STALE: Stale = { ms: 60_000, ifError: isTimeout }

/** Courses per catalog page. */
export const CATALOG_PAGE_SIZE = 24

/** A course in the catalog. */
export type CourseCard = {
  id: string
  slug: string
  title: string
  summary: string
  cover: MediaRef | null
  lessonCount: number
  durationSeconds: number
}

export type CatalogPage = {
  courses: CourseCard[]
  /** Matching courses in all pages. */
  totalDocs: number
  page: number
  totalPages: number
}

type LessonStats = Map<string, { lessonCount: number; durationSeconds: number }>

/** Lesson count and total length per course, in one query over the given courses. */
async function lessonStats(school: School, courseIds: string[]): Promise<LessonStats> {
  const stats: LessonStats = new Map(courseIds.map((id) => [id, { lessonCount: 0, durationSeconds: 0 }]))
  if (courseIds.length === 0) return stats
  const { docs } = await cms().find('lessons', {
    where: { and: [{ tenant: { equals: school.id } }, { course: { in: courseIds } }] },
    limit: 0,
    select: { course: true, durationSeconds: true },
  })
  for (const lesson of docs) {
    const entry = stats.get(idOf(lesson.course) ?? '')
    if (!entry) continue
    entry.lessonCount += 1
    entry.durationSeconds += Math.max(0, lesson.durationSeconds ?? 0)
  }
  return stats
}

/**
 * One page of the school's published courses, sorted by title, optionally filtered by a search
 * on the title (`like`: every word must appear, case-insensitively). Cached for
 * {@link CONTENT_TTL_MS} per (query, page).
 */
export function loadCatalog(school: School, params: CatalogParams): Promise<CatalogPage> {
  return shared(
    `catalog:${JSON.stringify([params.query, params.page])}`,
    CONTENT_TTL_MS,
    () => readCatalog(school, params),
    { stale: CONTENT_STALE },
  )
}

async function readCatalog(school: School, { query, page }: CatalogParams): Promise<CatalogPage> {
  const filters: Where[] = [{ tenant: { equals: school.id } }, { published: { equals: true } }]
  if (query) filters.push({ title: { like: query } })
  const result = await cms().find('courses', {
    where: { and: filters },
    sort: ['title', 'id'],
    limit: CATALOG_PAGE_SIZE,
    page,
    depth: 1,
    select: { title: true, slug: true, summary: true, cover: true },
  })
  const stats = await lessonStats(
    school,
    result.docs.map((c) => c.id),
  )
  return {
    courses: result.docs.map((course) => ({
      id: course.id,
      slug: course.slug ?? '',
      title: course.title ?? '',
      summary: course.summary ?? '',
      cover: mediaRef(course.cover),
      lessonCount: stats.get(course.id)?.lessonCount ?? 0,
      durationSeconds: stats.get(course.id)?.durationSeconds ?? 0,
    })),
    totalDocs: result.totalDocs,
    page: result.page ?? page,
    totalPages: Math.max(1, result.totalPages),
  }
}

/** Whether the school has a published course `slug` (for src/proxy.ts: the cached outline). */
export async function courseIsVisible(school: School, slug: string): Promise<boolean> {
  return (await loadCourse(school, slug)) !== null
}

/** A lesson in a course outline (the lesson player comes later). */
export type LessonItem = { id: string; slug: string; title: string; durationSeconds: number }

export type SectionOutline = { id: string; title: string; lessons: LessonItem[]; durationSeconds: number }

/** A course page: the course, its sections in order, each with its lessons in order. */
export type CourseOutline = {
  id: string
  slug: string
  title: string
  summary: string
  cover: MediaRef | null
  sections: SectionOutline[]
  lessonCount: number
  durationSeconds: number
}

/**
 * The published course `slug` of the school with its outline, or `null` when there is none the
 * key can see (missing, unpublished, or another school's: all look the same). Found outlines
 * are kept for {@link CONTENT_TTL_MS} in the instance's cache (shared by the proxy and every
 * reader), and per request (React `cache`).
 */
export const loadCourse = cache(
  (school: School, slug: string): Promise<CourseOutline | null> =>
    shared(`course:${slug}`, CONTENT_TTL_MS, () => readCourse(school, slug), {
      keep: (course) => course !== null,
      stale: CONTENT_STALE,
    }),
)

async function readCourse(school: School, slug: string): Promise<CourseOutline | null> {
  const { docs } = await cms().find('courses', {
    where: {
      and: [{ tenant: { equals: school.id } }, { slug: { equals: slug } }, { published: { equals: true } }],
    },
    limit: 1,
    depth: 1,
    select: { title: true, slug: true, summary: true, cover: true },
  })
  const course = docs[0]
  if (!course || course.slug !== slug) return null
  const inCourse: Where = { and: [{ tenant: { equals: school.id } }, { course: { equals: course.id } }] }
  const [sections, lessons] = await Promise.all([
    cms().find('sections', {
      where: inCourse,
      sort: ['order', 'createdAt'],
      limit: 0,
      select: { title: true },
    }),
    cms().find('lessons', {
      where: inCourse,
      sort: ['order', 'createdAt'],
      limit: 0,
      select: { title: true, slug: true, section: true, durationSeconds: true },
    }),
  ])
  const outline: SectionOutline[] = sections.docs.map((s) => ({
    id: s.id,
    title: s.title ?? '',
    lessons: [],
    durationSeconds: 0,
  }))
  const byId = new Map(outline.map((s) => [s.id, s]))
  for (const lesson of lessons.docs) {
    const section = byId.get(idOf(lesson.section) ?? '')
    if (!section) continue
    const durationSeconds = Math.max(0, lesson.durationSeconds ?? 0)
    section.lessons.push({
      id: lesson.id,
      slug: lesson.slug ?? '',
      title: lesson.title ?? '',
      durationSeconds,
    })
    section.durationSeconds += durationSeconds
  }
  return {
    id: course.id,
    slug,
    title: course.title ?? '',
    summary: course.summary ?? '',
    cover: mediaRef(course.cover),
    sections: outline,
    lessonCount: outline.reduce((n, s) => n + s.lessons.length, 0),
    durationSeconds: outline.reduce((n, s) => n + s.durationSeconds, 0),
  }
}
