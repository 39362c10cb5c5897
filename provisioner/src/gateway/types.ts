import { hexColorSchema, LOCALES, type TenantStatus } from '@lyceum/domain'
import { z } from 'zod'

/** An upstream the gateway proxies to: a plain-HTTP server, normally on `127.0.0.1`. */
export const targetSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
})
/** `{ host, port }` of an upstream (`port` is a TCP port, 1–65535). */
export type Target = z.infer<typeof targetSchema>

/**
 * What a tenant's subdomain serves right now:
 * - `live`: its instance runs at `target`; requests are proxied there;
 * - `sleeping`: scaled to zero; the gateway wakes it (see `GatewayOptions.wake`) and holds requests;
 * - `provisioning`: being set up; a 503 page that refreshes itself;
 * - `suspended`: switched off (unpaid, or by the platform); a 503 page for visitors;
 * - `failed`: provisioning or the instance failed; a 503 "temporarily unavailable" page.
 */
export const ROUTE_STATES = ['live', 'sleeping', 'provisioning', 'suspended', 'failed'] as const
export type RouteState = (typeof ROUTE_STATES)[number]

/**
 * One tenant's route, as a {@link RouteSource} returns it. `name`, `brandColor` (`#rrggbb`) and
 * `locale` only brand the gateway's own pages; `target` is required when `state` is `live`.
 */
export const tenantRouteSchema = z.object({
  slug: z.string().min(1),
  name: z.string().optional(),
  state: z.enum(ROUTE_STATES),
  target: targetSchema.optional(),
  brandColor: hexColorSchema.optional(),
  locale: z.enum(LOCALES).optional(),
})
export type TenantRoute = z.infer<typeof tenantRouteSchema>

/**
 * Where the gateway looks tenants up. It is asked on every tenant request, so a route change
 * applies to the next request without a restart; an implementation may cache.
 *
 * `resolve(slug)` gets a normalised (lower-case) slug that passed `checkTenantSlug` and is not
 * reserved. It returns `null` for an unknown subdomain (the gateway answers its 404 page). If it
 * throws or rejects, the gateway answers a 503 "temporarily unavailable" page and reports the error
 * through `GatewayOptions.onError`.
 */
export interface RouteSource {
  resolve(slug: string): Promise<TenantRoute | null> | TenantRoute | null
}

/**
 * Maps a tenant's lifecycle status (cms `tenants.status`) to the gateway's route state.
 * `active` maps to `live`; a driver that scales an active tenant to zero reports `sleeping`
 * instead. `deprovisioned` has no route (`null`: the subdomain is unknown again).
 */
export function routeStateForStatus(status: TenantStatus): RouteState | null {
  switch (status) {
    case 'pending':
    case 'provisioning':
      return 'provisioning'
    case 'active':
      return 'live'
    case 'suspended':
      return 'suspended'
    case 'failed':
      return 'failed'
    case 'deprovisioned':
      return null
  }
}

/** Something that went wrong inside the gateway; never shown to visitors. */
export interface GatewayErrorEvent {
  /** Which step failed. */
  kind: 'route' | 'wake' | 'proxy' | 'websocket' | 'hook'
  /** The tenant slug, `'hub'` or `'cms'`. */
  site: string
  error: unknown
}

/** Options of {@link createGateway} (see `gateway.ts`). */
export interface GatewayOptions {
  /** The root domain without port, lower-case (default `localhost`). `cms.<root>` is the cms. */
  rootDomain?: string
  /** The hub (marketing site, sign-up, billing), served on the root domain. */
  hub: Target
  /** The cms (Payload), served on `cms.<root>`. */
  cms: Target
  /** Tenant lookup, asked per request. */
  routes: RouteSource
  /**
   * Wakes a `sleeping` tenant: starts its instance and resolves with its target once it is
   * healthy. Concurrent requests for the same slug share one call. It must be idempotent (a
   * request that arrives just after a wake, while the source still says `sleeping`, calls it
   * again). Without it, a sleeping tenant gets the 503 "unavailable" page.
   */
  wake?: (slug: string) => Promise<Target>
  /** How long a request waits for `wake`, in milliseconds (default 20 000); then a 503 page. */
  wakeTimeoutMs?: number
  /** Called for every proxied tenant request (HTTP or websocket), e.g. for idle tracking. */
  onRequest?: (slug: string) => void
  /** Reserved subdomains on top of `RESERVED_SLUGS` (e.g. from `LYCEUM_RESERVED_SLUGS`). */
  extraReservedSlugs?: readonly string[]
  /**
   * Upstream response timeout in milliseconds: no response headers (or an idle socket) for this
   * long gives a 502. Default none (long-polling and SSE streams stay open).
   */
  proxyTimeoutMs?: number
  /** Receives internal errors (default: one `console.warn` line, without a stack trace). */
  onError?: (event: GatewayErrorEvent) => void
}
