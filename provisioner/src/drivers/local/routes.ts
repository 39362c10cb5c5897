/**
 * What the local gateway (src/gateway) needs from the local driver: a route source built from
 * the schools' statuses (the cms, source of truth) and the driver's instances, `wake` for
 * sleeping schools and `onRequest` for idle tracking.
 *
 *   const routing = createLocalRouting({ driver, lookup: cmsTenantLookup(cms) })
 *   createGateway({ hub, cms, routes: routing.routes, wake: routing.wake, onRequest: routing.onRequest })
 */
import type { CmsClient } from '@lyceum/cms-client'
import type { Locale, TenantStatus } from '@lyceum/domain'
import { type RouteSource, routeStateForStatus, type TenantRoute } from '../../gateway/types.ts'
import type { InstanceTarget } from '../types.ts'
import type { LocalDriver } from './driver.ts'

/** The facts about a school the gateway shows; `null` from a lookup means "no such school". */
export type TenantFacts = {
  status: TenantStatus
  name?: string
  locale?: Locale
  brandColor?: string
}

/** Finds a school by slug. May cache; may throw (the gateway then answers 503). */
export type TenantLookup = (slug: string) => Promise<TenantFacts | null>

/** Statuses that change within seconds (a run is under way): cached only briefly. */
const CHANGING_STATUSES: ReadonlySet<TenantStatus> = new Set(['pending', 'provisioning'])

/**
 * A {@link TenantLookup} reading `tenants` from the cms with the platform client, cached per slug
 * for `cacheMs` milliseconds (default 2000), so a status change shows within that delay; a
 * school that is `pending` or `provisioning` only for `changingCacheMs` (default 250), so it
 * goes live at the gateway right after its run marks it active, not up to 2 s later.
 */
export function cmsTenantLookup(cms: CmsClient, cacheMs = 2_000, changingCacheMs = 250): TenantLookup {
  const cache = new Map<string, { at: number; ttl: number; facts: Promise<TenantFacts | null> }>()
  return (slug) => {
    const hit = cache.get(slug)
    if (hit && Date.now() - hit.at < hit.ttl) return hit.facts
    const facts = cms.find('tenants', { where: { slug: { equals: slug } }, limit: 1 }).then(({ docs }) => {
      const tenant = docs[0]
      if (!tenant) return null
      const result: TenantFacts = { status: tenant.status, name: tenant.name, locale: tenant.locale }
      if (tenant.branding?.primaryColor) result.brandColor = tenant.branding.primaryColor
      return result
    })
    const entry = { at: Date.now(), ttl: cacheMs, facts }
    facts.then(
      (found) => {
        if (found && CHANGING_STATUSES.has(found.status)) entry.ttl = Math.min(cacheMs, changingCacheMs)
      },
      () => cache.delete(slug),
    )
    cache.set(slug, entry)
    return facts
  }
}

/** The gateway options the local driver provides. */
export type LocalRouting = {
  routes: RouteSource
  wake: (slug: string) => Promise<InstanceTarget>
  onRequest: (slug: string) => void
}

/**
 * Routes for the gateway: the school's status decides the page (`routeStateForStatus`); an
 * `active` school is `live` at its instance's target when it runs, `sleeping` when it was scaled
 * to zero or crashed (the gateway then calls `wake`), and `failed` when it has no instance.
 */
export function createLocalRouting(options: { driver: LocalDriver; lookup: TenantLookup }): LocalRouting {
  const { driver, lookup } = options
  return {
    routes: {
      async resolve(slug) {
        const facts = await lookup(slug)
        if (!facts) return null
        let state = routeStateForStatus(facts.status)
        if (state === null) return null
        const route: TenantRoute = { slug, state }
        if (facts.name) route.name = facts.name
        if (facts.locale) route.locale = facts.locale
        if (facts.brandColor) route.brandColor = facts.brandColor
        if (state === 'live') {
          // On every request: the cheap view (recorded pid), not inspect's scan of /proc.
          const instance = await driver.peek(slug)
          if (instance?.state === 'running' && instance.target) route.target = instance.target
          else if (instance?.state === 'sleeping' || instance?.state === 'crashed') state = 'sleeping'
          else state = 'failed'
          route.state = state
        }
        return route
      },
    },
    wake: (slug) => driver.wake(slug),
    onRequest: (slug) => driver.touch(slug),
  }
}
