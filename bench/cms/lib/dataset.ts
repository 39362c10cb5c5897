/**
 * What the bench seeds, shared by the Local API part (seed-payload.ts) and the SQL bulk part
 * (seed.ts) so both produce the same documents.
 */

export type SeedShape = {
  /** Number of tenants (schools). */
  tenants: number
  /** Courses per tenant; every fifth one is a draft (unpublished). */
  coursesPerTenant: number
  /**
   * Tenants created, with their courses, through the Payload Local API (hooks, versions, audit log),
   * which also times it. The rest is inserted with SQL in bulk.
   */
  localApiTenants: number
  /**
   * Learners created through the Local API (real password hashes made by Payload). These are the
   * accounts the bench logs in as; the other tenants' learners are inserted with SQL.
   */
  loginLearners: number
}

export const DEFAULT_SHAPE: SeedShape = {
  tenants: 1000,
  coursesPerTenant: 20,
  localApiTenants: 5,
  loginLearners: 100,
}

export type TenantData = { name: string; slug: string; status: 'active'; locale: 'en' | 'fr' }
export type CourseData = { title: string; slug: string; summary: string; published: boolean }

export function tenantData(i: number, slug: string): TenantData {
  return { name: `Bench School ${i + 1}`, slug, status: 'active', locale: i % 4 === 3 ? 'fr' : 'en' }
}

const TOPICS = ['algebra', 'writing', 'biology', 'history', 'design', 'chemistry', 'music', 'economics']

export function courseData(tenant: number, course: number): CourseData {
  const topic = TOPICS[(tenant + course) % TOPICS.length] ?? 'general'
  return {
    title: `${topic[0]?.toUpperCase()}${topic.slice(1)} ${course + 1} (school ${tenant + 1})`,
    slug: `${topic}-${course + 1}`,
    summary: `Course ${course + 1} of school ${tenant + 1}: an introduction to ${topic}, in short lessons with exercises.`,
    published: course % 5 !== 4,
  }
}

/**
 * Tenant indices of the learners created through the Local API, spread evenly over all tenants
 * (so the logged-in learners hit different parts of the tables, not only the first schools).
 */
export function loginLearnerTenants(shape: SeedShape): number[] {
  const n = Math.min(shape.loginLearners, shape.tenants)
  const out: number[] = []
  for (let k = 0; k < n; k++) out.push(Math.floor((k * shape.tenants) / n))
  return out
}
