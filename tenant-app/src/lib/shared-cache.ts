import { isCmsError } from '@lyceum/cms-client'
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
 * - **Stale while refreshing** (with `stale`): for `stale.ms` after expiry, a value is still served
 *   at once while one refresh runs in the background, so no reader waits for the cms at every
 *   expiry. A refresh that fails with an error `stale.ifError` accepts (a timeout of an
 *   overloaded cms) keeps the stale value until the window ends; any other failure, or a value
 *   `keep` refuses, drops it, so the next reader asks the cms itself.
 * - **Bounded**: at most {@link MAX_ENTRIES} entries; the oldest are dropped first.
 * - **One per process**: it lives on `globalThis`, because Next bundles src/proxy.ts apart from
 *   the pages, and a module-level variable would give each bundle its own cache.
 *
 * Cached values are shared between requests: callers must not mutate them.
 */

/** Most entries kept (catalog searches make keys from visitor input). */
export const MAX_ENTRIES = 500

type Entry = { value: Promise<unknown>; expires: number; settled: boolean; refreshing: boolean }

/** Serving a value after its expiry while it is refreshed; see {@link shared}. */
export type Stale = {
  /** How long after expiry the value may still be served, ms. */
  ms: number
  /** Refresh errors that keep the stale value (e.g. timeouts); others drop it. */
  ifError?: (error: unknown) => boolean
}

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
 * `keep(value)` says so (e.g. not a "not found", which must show a change at once); with
 * `stale`, served past its expiry while it is refreshed (see the module doc).
 * @throws whatever `load()` throws (nothing is kept then).
 */
export function shared<T>(
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  {
    keep = () => true,
    stale,
    now = Date.now,
  }: { keep?: (value: T) => boolean; stale?: Stale; now?: () => number } = {},
): Promise<T> {
  const entries = store()
  const full = scoped(key)
  const hit = entries.get(full)
  const at = now()
  // A load still running is shared even past its ttl: no second read of a slow cms.
  if (hit && (at < hit.expires || !hit.settled)) return hit.value as Promise<T>
  if (hit && stale && hit.settled && at < hit.expires + stale.ms) {
    if (!hit.refreshing) refresh(entries, full, hit, ttlMs, load, keep, stale, now)
    return hit.value as Promise<T>
  }
  if (hit) entries.delete(full)
  const value = load()
  const entry: Entry = { value, expires: at + ttlMs, settled: false, refreshing: false }
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
    entry.settled = true
    if (!keep(resolved)) drop()
  }, drop)
  return value
}

/** One background refresh of a stale entry; the entry is replaced, kept or dropped. */
function refresh<T>(
  entries: Map<string, Entry>,
  full: string,
  hit: Entry,
  ttlMs: number,
  load: () => Promise<T>,
  keep: (value: T) => boolean,
  stale: Stale,
  now: () => number,
): void {
  hit.refreshing = true
  const current = () => entries.get(full) === hit
  load().then(
    (value) => {
      if (!current()) return
      if (!keep(value)) {
        entries.delete(full)
        return
      }
      const fresh = Promise.resolve(value)
      entries.set(full, { value: fresh, expires: now() + ttlMs, settled: true, refreshing: false })
    },
    (error: unknown) => {
      if (!current()) return
      if (stale.ifError?.(error))
        hit.refreshing = false // served on; the next reader retries
      else entries.delete(full)
    },
  )
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

/** {@link Stale.ifError} for reads of published content: a cms that answers too slowly. */
export const isTimeout = (error: unknown): boolean => isCmsError(error, 'timeout')
