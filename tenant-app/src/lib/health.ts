import { getEnv } from '../env.ts'
import { isCmsOutage, readTenant, type School, TenantAccessError } from './cms.ts'
import { currentSchool } from './school.ts'
import { forgetShared } from './shared-cache.ts'

/** The body of `GET /healthz`. */
export type Health = {
  status: 'ok' | 'error'
  /** Whether the cms answered at all. */
  cms: 'ok' | 'unreachable'
  /** Whether the tenant key reads this instance's school (`unknown` when the cms did not answer). */
  credential: 'ok' | 'invalid' | 'unknown'
  tenant: string
}

/**
 * Reads the school's tenant document with the tenant key, uncached: 200 when it works, 503
 * with what failed otherwise (the cms unreachable or failing; the key refused or another
 * school's). Never throws for a cms problem.
 */
export async function checkHealth(): Promise<{ httpStatus: 200 | 503; body: Health }> {
  const tenant = getEnv().LYCEUM_TENANT_SLUG
  try {
    await readTenant()
    return { httpStatus: 200, body: { status: 'ok', cms: 'ok', credential: 'ok', tenant } }
  } catch (error) {
    if (error instanceof TenantAccessError) {
      console.warn(`tenant-app: health: ${error.message}`)
      return { httpStatus: 503, body: { status: 'error', cms: 'ok', credential: 'invalid', tenant } }
    }
    console.warn(
      `tenant-app: health: cms unreachable: ${error instanceof Error ? error.message : String(error)}`,
    )
    return { httpStatus: 503, body: { status: 'error', cms: 'unreachable', credential: 'unknown', tenant } }
  }
}

/**
 * The school, when pages can be served now: the tenant key read it less than 5 s ago (the shared
 * {@link currentSchool}), or does so now; `null` when the cms or the key fails. Failures are never
 * cached, so service resumes with the first request after the cms recovers; a failure also
 * forgets the cached published content, so no page goes on showing it while the proxy answers
 * 503. Used by src/proxy.ts before a page renders.
 */
export async function schoolIfServing(now: () => number = Date.now): Promise<School | null> {
  try {
    return await currentSchool(now)
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    forgetShared()
    console.warn(`tenant-app: not serving pages: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
}
