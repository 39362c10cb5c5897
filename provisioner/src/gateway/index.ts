/**
 * @lyceum/provisioner/gateway: the local gateway that plays Cloudflare's proxy role in
 * development (`localhost:8080` → hub, `cms.localhost:8080` → cms, `<slug>.localhost:8080` →
 * that tenant's instance, with state pages, wake-from-zero and websockets). See README.md here.
 */
export {
  createGateway,
  DEFAULT_GATEWAY_HOST,
  DEFAULT_GATEWAY_PORT,
  DEFAULT_WAKE_TIMEOUT_MS,
  type Gateway,
  HEALTHZ_PATH,
} from './gateway.ts'
export { type HostRoute, type ParsedHost, parseHostHeader, reservedSet, routeForHostname } from './host.ts'
export {
  escapeHtml,
  negotiateLocale,
  PAGE_KINDS,
  type PageContext,
  type PageKind,
  type RenderedPage,
  renderPage,
} from './pages.ts'
export {
  type GatewayErrorEvent,
  type GatewayOptions,
  ROUTE_STATES,
  type RouteSource,
  type RouteState,
  routeStateForStatus,
  type Target,
  type TenantRoute,
  targetSchema,
  tenantRouteSchema,
} from './types.ts'
export { createWakeCoordinator, type WakeCoordinator, WakeTimeoutError } from './wake.ts'
