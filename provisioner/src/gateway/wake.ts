import { type Target, targetSchema } from './types.ts'

/** A wake that did not finish within the gateway's `wakeTimeoutMs`. */
export class WakeTimeoutError extends Error {
  readonly slug: string
  readonly timeoutMs: number
  constructor(slug: string, timeoutMs: number) {
    super(`Waking ${slug} took longer than ${timeoutMs} ms`)
    this.name = 'WakeTimeoutError'
    this.slug = slug
    this.timeoutMs = timeoutMs
  }
}

/** Shares wakes between concurrent requests; see {@link createWakeCoordinator}. */
export interface WakeCoordinator {
  /**
   * Resolves with the woken tenant's target. Joins the wake already in flight for `slug`, or
   * starts one. Each caller waits at most `timeoutMs` from its own call.
   *
   * @throws WakeTimeoutError after `timeoutMs`; the wake itself goes on, and later callers join it.
   * @throws the wake's own error (or a zod error for a malformed target); not retried here: the
   *   next request after the failure starts a new wake.
   */
  wakeUp(slug: string): Promise<Target>
  /** Slugs with a wake in flight (for tests and diagnostics). */
  inFlight(): string[]
}

/**
 * One wake per slug at a time: the first request for a sleeping tenant calls `wake(slug)`; the
 * requests that arrive before it settles await the same promise instead of calling it again. The
 * entry is dropped when the wake settles (success or failure), so a later sleep gets a new wake.
 */
export function createWakeCoordinator(
  wake: (slug: string) => Promise<Target>,
  timeoutMs: number,
): WakeCoordinator {
  const wakes = new Map<string, Promise<Target>>()

  const start = (slug: string): Promise<Target> => {
    // Promise.resolve().then: a wake that throws synchronously still becomes a rejection.
    const pending = Promise.resolve()
      .then(() => wake(slug))
      .then((target) => targetSchema.parse(target))
    const forget = () => {
      if (wakes.get(slug) === pending) wakes.delete(slug)
    }
    pending.then(forget, forget)
    wakes.set(slug, pending)
    return pending
  }

  return {
    wakeUp(slug) {
      const pending = wakes.get(slug) ?? start(slug)
      return new Promise<Target>((resolve, reject) => {
        const timer = setTimeout(() => reject(new WakeTimeoutError(slug, timeoutMs)), timeoutMs)
        pending.then(
          (target) => {
            clearTimeout(timer)
            resolve(target)
          },
          (error: unknown) => {
            clearTimeout(timer)
            reject(error)
          },
        )
      })
    },
    inFlight: () => [...wakes.keys()],
  }
}
