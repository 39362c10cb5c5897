import { isCmsError } from '@lyceum/cms-client'
import { LRUCache } from 'lru-cache'
import { getEnv } from '../env.ts'

/**
 * The instance's in-process cache of what is the same for every reader of this school: its
 * tenant document (branding, settings) and its published content (catalog pages, course
 * outlines, lessons, the quiz list of a course). Never anything a member's own session reads
 * (enrollment, progress, attempts): those stay per request. See decision 085.
 *
 * It is an `LRUCache` (lru-cache) whose `fetchMethod` runs the caller's loader (passed as the
 * fetch's `context`); this module adds the school scope, `keep` and the bounded stale window.
 *
 * - **Fresh for seconds**: each entry lives `ttlMs` (a few seconds) from when its load resolved;
 *   edits made in the cms admin UI show within that. Edits made in this instance (`/teach`,
 *   `/admin`) clear it at once (src/proxy.ts, {@link forgetShared}).
 * - **Keys are tenant-scoped**: every key starts with the school's slug, although an instance
 *   serves one school.
 * - **One load at a time**: concurrent misses of a key share one promise (no stampede on the
 *   cms under load), even past its ttl; a failed load is dropped, never cached, so a cms outage
 *   is not remembered. A load whose entry is forgotten or evicted meanwhile still answers its
 *   readers (`ignoreFetchAbort`) but is not stored.
 * - **Stale while refreshing** (with `stale`): for `stale.ms` after expiry, a value is still served
 *   at once while one refresh runs in the background, so no reader waits for the cms at every
 *   expiry. A refresh that fails with an error `stale.ifError` accepts (a timeout of an
 *   overloaded cms) keeps the stale value (`noDeleteOnFetchRejection`), and the next reader in
 *   the window retries; any other failure, or a value `keep` refuses, drops it, so the next
 *   reader asks the cms itself. Past the window a reader waits for the cms: it joins a refresh
 *   still running (lru-cache shares it) rather than starting a second one.
 * - **Bounded**: at most {@link MAX_ENTRIES} entries; the least recently read are dropped first.
 * - **One per process**: it lives on `globalThis`, because Next bundles src/proxy.ts apart from
 *   the pages, and a module-level variable would give each bundle its own cache.
 *
 * Cached values are shared between requests: callers must not mutate them.
 */

/** Most entries kept (catalog searches make keys from visitor input). */
export const MAX_ENTRIES = 500

/** Serving a value after its expiry while it is refreshed; see {@link shared}. */
export type Stale = {
  /** How long after expiry the value may still be served, ms. */
  ms: number
  /** Refresh errors that keep the stale value (e.g. timeouts); others drop it. */
  ifError?: (error: unknown) => boolean
}

/** What the call that starts a load hands to `fetchMethod`. */
type Load = {
  load: () => Promise<unknown>
  keep: (value: unknown) => boolean
  /** Failures that keep the stale value; only set while the stale window is open. */
  keepStaleOn?: (error: unknown) => boolean
}

/**
 * Values are boxed: lru-cache reads `undefined` as "nothing", a loader may return it. `loading`
 * counts the loads running per key: lru-cache lists no key whose value is still a promise.
 */
type Store = {
  cache: LRUCache<string, { value: unknown }, Load>
  loading: Map<string, number>
  now: () => number
}

const STORE = Symbol.for('lyceum.tenant-app.shared-cache')

function store(): Store {
  const holder = globalThis as typeof globalThis & { [STORE]?: Store }
  holder[STORE] ??= createStore()
  return holder[STORE]
}

function createStore(): Store {
  const created: Store = {
    now: Date.now,
    loading: new Map(),
    cache: new LRUCache({
      max: MAX_ENTRIES,
      allowStale: true, // so that keys() lists expired entries too; each fetch says its own
      ttlResolution: 0, // read the clock at every lookup (no timer per read, exact in tests)
      perf: { now: () => created.now() },
      ignoreFetchAbort: true,
      fetchMethod: async (key, _stale, { options, context }) => {
        const { loading } = created
        loading.set(key, (loading.get(key) ?? 0) + 1)
        try {
          const value = await context.load()
          // Answered to its readers, never stored: with ignoreFetchAbort, a deleted load
          // resolves without being written (and the stale value it replaced is gone).
          if (!context.keep(value)) created.cache.delete(key)
          return { value }
        } catch (error) {
          if (context.keepStaleOn?.(error)) options.noDeleteOnFetchRejection = true
          throw error
        } finally {
          const left = (loading.get(key) ?? 1) - 1
          if (left > 0) loading.set(key, left)
          else loading.delete(key)
        }
      },
    }),
  }
  return created
}

/** `<school slug>:<key>`. */
function scoped(key: string): string {
  return `${getEnv().LYCEUM_TENANT_SLUG}:${key}`
}

/**
 * The cached value of `key`, or `load()`'s, kept for `ttlMs` milliseconds (a positive integer)
 * when it resolves and `keep(value)` says so (e.g. not a "not found", which must show a change
 * at once); with `stale`, served past its expiry while it is refreshed (see the module doc).
 * `now` is the clock, in ms (tests pass their own; the one cache reads the latest call's).
 * @throws whatever `load()` throws (nothing is kept then).
 */
export async function shared<T>(
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  {
    keep = () => true,
    stale,
    now = Date.now,
  }: { keep?: (value: T) => boolean; stale?: Stale; now?: () => number } = {},
): Promise<T> {
  const held = store()
  held.now = now
  const { cache } = held
  const full = scoped(key)
  // ms left before expiry: ≤ 0 once expired (lru-cache counts an entry stale only after its
  // ttl, we from it), 0 when absent; a load in flight is shared whatever this says.
  const left = cache.getRemainingTTL(full)
  const inWindow = stale !== undefined && -left < stale.ms
  const box = await cache.forceFetch(full, {
    ttl: ttlMs,
    forceRefresh: left <= 0,
    allowStale: inWindow,
    context: {
      load,
      keep: keep as (value: unknown) => boolean,
      keepStaleOn: inWindow ? stale.ifError : undefined,
    },
  })
  return box.value as T
}

/**
 * Forgets this school's cached entries whose key starts with `prefix` (all of them without one):
 * after a change made in this instance, or when the cms stops answering for it. A load in
 * flight for such a key still answers its readers but is not stored.
 */
export function forgetShared(prefix = ''): void {
  const { cache, loading } = store()
  const start = scoped(prefix)
  for (const key of [...cache.keys(), ...loading.keys()]) if (key.startsWith(start)) cache.delete(key)
}

/** {@link Stale.ifError} for reads of published content: a cms that answers too slowly. */
export const isTimeout = (error: unknown): boolean => isCmsError(error, 'timeout')
