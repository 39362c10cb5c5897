import { getEnv } from '../env.ts'

/**
 * The instance's in-process cache of what is the same for every reader of this school: its
 * tenant document (branding, settings) and its published content (catalog pages, course
 * outlines, lessons, the quiz list of a course). Never anything a member's own session reads
 * (enrollment, progress, attempts): those stay per request. See decision 085.
 *
 * - **Fresh for seconds**: each entry lives `ttlMs` (a few seconds); edits made in the cms admin
 *   UI show within that. Edits made in this instance (`/teach`, `/admin`) clear it at once
 *   (src/proxy.ts, {@link forgetShared}).
 * - **Keys are tenant-scoped**: every key starts with the school's slug, although an instance
 *   serves one school.
 * - **One load at a time**: concurrent misses of a key share one promise (no stampede on the
 *   cms under load); a failed load is dropped, never cached, so a cms outage is not remembered.
 * - **Bounded**: at most {@link MAX_ENTRIES} entries; the oldest are dropped first.
 * - **One per process**: it lives on `globalThis`, because Next bundles src/proxy.ts apart from
 *   the pages, and a module-level variable would give each bundle its own cache.
 *
 * Cached values are shared between requests: callers must not mutate them.
 */

/** Most entries kept (catalog searches make keys from visitor input). */
export const MAX_ENTRIES = 500

type Entry = { value: Promise<unknown>; expires: number }

const STORE = Symbol.for('lyceum.tenant-app.shared-cache')

function store(): Map<string, Entry> {
  const holder = globalThis as typeof globalThis & { [STORE]?: Map<string, Entry> }
  holder[STORE] ??= new Map()
  return holder[STORE]
}

/** `<school slug>:<key>`. */
function scoped(key: string): string {
  return `${getEnv().LYCEUM_TENANT_SLUG}:${key}`
}

/**
 * The cached value of `key`, or `load()`'s, kept for `ttlMs` milliseconds when it resolves and
 * `keep(value)` says so (e.g. not a "not found", which must show a change at once).
 * @throws whatever `load()` throws (nothing is kept then).
 */
export function shared<T>(
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  { keep = () => true, now = Date.now }: { keep?: (value: T) => boolean; now?: () => number } = {},
): Promise<T> {
  const entries = store()
  const full = scoped(key)
  const hit = entries.get(full)
  if (hit && now() < hit.expires) return hit.value as Promise<T>
  if (hit) entries.delete(full)
  const value = load()
  const entry: Entry = { value, expires: now() + ttlMs }
  entries.set(full, entry)
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value
    if (oldest === undefined) break
    entries.delete(oldest)
  }
  const drop = () => {
    if (entries.get(full) === entry) entries.delete(full)
  }
  value.then((resolved) => {
    if (!keep(resolved)) drop()
  }, drop)
  return value
}

/**
 * Forgets this school's cached entries whose key starts with `prefix` (all of them without one):
 * after a change made in this instance, or when the cms stops answering for it.
 */
export function forgetShared(prefix = ''): void {
  const entries = store()
  const start = scoped(prefix)
  for (const key of [...entries.keys()]) if (key.startsWith(start)) entries.delete(key)
}
