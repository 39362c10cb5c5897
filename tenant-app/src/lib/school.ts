import { readTenant, type School } from './cms.ts'
import { isTimeout, shared } from './shared-cache.ts'

/** How long a successful read of the school is trusted by the proxy and the pages alike, ms. */
export const SCHOOL_TTL_MS = 5_000

/** After that, how long it is still served while one refresh runs (or times out), ms. */
export const SCHOOL_STALE_MS = 30_000

/**
 * This instance's school: {@link readTenant}, kept in the instance's shared cache
 * (src/lib/shared-cache.ts) for {@link SCHOOL_TTL_MS}, then served while one background refresh
 * runs, for up to {@link SCHOOL_STALE_MS} while refreshes time out (an overloaded cms). A refused
 * or foreign key, or an unreachable cms, drops it: the next caller reads, and fails, itself.
 * `now` is for tests.
 * @throws TenantAccessError or CmsError, as {@link readTenant}.
 */
export function currentSchool(now?: () => number): Promise<School> {
  return shared('school', SCHOOL_TTL_MS, readTenant, {
    stale: { ms: SCHOOL_STALE_MS, ifError: isTimeout },
    ...(now ? { now } : {}),
  })
}
