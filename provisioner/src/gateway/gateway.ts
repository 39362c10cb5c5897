import type { EventEmitter } from 'node:events'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createProxyServer } from 'http-proxy-3'
import { z } from 'zod'
import { type ParsedHost, parseHostHeader, reservedSet, routeForHostname } from './host.ts'
import { negotiateLocale, type PageContext, type PageKind, type RenderedPage, renderPage } from './pages.ts'
import {
  type GatewayErrorEvent,
  type GatewayOptions,
  type Target,
  type TenantRoute,
  targetSchema,
} from './types.ts'
import { createWakeCoordinator, type WakeCoordinator } from './wake.ts'

/** Default port and interface of {@link Gateway.listen}. */
export const DEFAULT_GATEWAY_PORT = 8080
export const DEFAULT_GATEWAY_HOST = '127.0.0.1'
/** Default of `GatewayOptions.wakeTimeoutMs`. */
export const DEFAULT_WAKE_TIMEOUT_MS = 20_000
/** Answered on every host with `200 {"status":"ok"}`, never proxied. */
export const HEALTHZ_PATH = '/__gateway/healthz'

/** A running (or ready to run) gateway; see {@link createGateway}. */
export interface Gateway {
  /**
   * Starts listening. Defaults: port 8080 on 127.0.0.1 (never all interfaces); port 0 picks a
   * free port.
   *
   * @returns the bound port and the root URL (`http://<rootDomain>:<port>`).
   * @throws the server's error, e.g. `EADDRINUSE`.
   */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>
  /**
   * Stops listening and drops every open connection, including websockets and streams in
   * progress, then closes the keep-alive sockets to upstreams. Safe to call twice.
   */
  close(): Promise<void>
  /** The underlying `node:http` server (for tests and for attaching extra listeners). */
  server: http.Server
  /**
   * Requests being proxied to a tenant right now (open websockets and streams count until they
   * close). A driver's scale-to-zero should not stop an instance while this is above 0.
   */
  inFlight(slug: string): number
}

const optionsSchema = z.object({
  rootDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, { message: 'rootDomain is a hostname, without port or scheme.' })
    .default('localhost'),
  hub: targetSchema,
  cms: targetSchema,
  wakeTimeoutMs: z.number().int().positive().default(DEFAULT_WAKE_TIMEOUT_MS),
  proxyTimeoutMs: z.number().int().positive().optional(),
  extraReservedSlugs: z.array(z.string()).default([]),
})

// The gateway is the edge (Cloudflare's role): forwarding headers a client sends are not
// trusted, or any visitor could claim `X-Forwarded-Host: other-school.localhost`. http-proxy-3's
// xfwd appends to X-Forwarded-For and keeps an incoming X-Forwarded-Host, so they go first.
const UNTRUSTED_FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
] as const

/** What the gateway does with a tenant request once its route is known. */
type TenantDecision =
  | { kind: 'proxy'; target: Target; route: TenantRoute }
  /** `route` brands the page; absent for unknown subdomains and lookup errors. */
  | { kind: 'page'; page: PageKind; route?: TenantRoute }

/** Per-request facts for pages and logs. */
interface Site {
  /** Tenant slug, `'hub'` or `'cms'`. */
  name: string
  tenant?: TenantRoute
}

/**
 * Creates the local gateway: one HTTP server that plays Cloudflare's proxy role in development.
 * `<root>` goes to the hub, `cms.<root>` to the cms, `<slug>.<root>` to that tenant's instance
 * (asked of `options.routes` per request), websockets included; `www.<root>` redirects (308) to
 * the root; everything else gets a branded 404 page. See `README` in this folder for the rules.
 *
 * Upstream requests keep the visitor's `Host` and carry `X-Forwarded-For/-Host/-Proto/-Port`
 * set by the gateway (incoming ones are dropped). Responses stream through unbuffered.
 *
 * @throws ZodError when `rootDomain`, `hub`, `cms` or a timeout is malformed.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const config = optionsSchema.parse(options)
  const { rootDomain, hub, cms } = config
  const reserved = reservedSet(config.extraReservedSlugs)
  const report = options.onError ?? defaultReport
  const { routes, onRequest } = options
  const wakes: WakeCoordinator | undefined = options.wake
    ? createWakeCoordinator(options.wake, config.wakeTimeoutMs)
    : undefined

  const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' })
  const proxy = createProxyServer({
    xfwd: true,
    // X-Forwarded-Proto is `http`/`https` on websocket upgrades too (not `ws`), as apps expect.
    xfwdWsProtoAsHttp: true,
    changeOrigin: false,
    // Without an agent, http-proxy-3 sends `Connection: close` upstream: a new TCP connection
    // per request.
    agent,
    ...(config.proxyTimeoutMs === undefined ? {} : { proxyTimeout: config.proxyTimeoutMs }),
  })
  // Which site (slug, 'hub' or 'cms') a proxied request is for, for reports from proxy events.
  const siteOf = new WeakMap<http.IncomingMessage, string>()
  // Errors that bypass the per-call callbacks (a websocket's client socket failing). Without a
  // listener of our own, http-proxy-3 rethrows them and the process dies.
  proxy.on('error', (error, req, res) => {
    if (isSocket(res)) {
      res.destroy()
      return
    }
    if (!res.headersSent) res.writeHead(502).end()
    else res.destroy()
    if (!isClientGone(error)) report({ kind: 'proxy', site: siteOf.get(req) ?? 'unknown', error })
  })

  // An upstream that dies mid-response: http-proxy-3 pipes proxyRes into res and never looks at
  // proxyRes again, so the visitor would wait forever on a half-sent response. Cut it instead,
  // so the client sees a truncated response (as it would from Cloudflare).
  proxy.on('proxyRes', (proxyRes, req, res) => {
    const cut = () => {
      if (proxyRes.complete || res.destroyed) return
      res.destroy()
      report({
        kind: 'proxy',
        site: siteOf.get(req) ?? 'unknown',
        error: new Error('Upstream closed mid-response'),
      })
    }
    proxyRes.once('error', cut)
    proxyRes.once('close', cut)
  })

  // Upgrade requests whose upstream answered 101 (the socket now carries websocket frames).
  const upgraded = new WeakSet<http.IncomingMessage>()
  proxy.on('proxyReqWs', (proxyReq, req) => {
    proxyReq.once('upgrade', () => upgraded.add(req))
  })

  const inFlightBySlug = new Map<string, number>()
  const track = (slug: string, closable: EventEmitter) => {
    inFlightBySlug.set(slug, (inFlightBySlug.get(slug) ?? 0) + 1)
    closable.once('close', () => {
      const left = (inFlightBySlug.get(slug) ?? 1) - 1
      if (left <= 0) inFlightBySlug.delete(slug)
      else inFlightBySlug.set(slug, left)
    })
  }
  const notify = (slug: string) => {
    if (!onRequest) return
    try {
      onRequest(slug)
    } catch (error) {
      report({ kind: 'hook', site: slug, error })
    }
  }

  /** Looks the tenant up and, for a sleeping one, wakes it (sharing the wake). Never throws. */
  const decide = async (slug: string): Promise<TenantDecision> => {
    let route: TenantRoute | null
    try {
      route = await routes.resolve(slug)
    } catch (error) {
      report({ kind: 'route', site: slug, error })
      return { kind: 'page', page: 'failed' }
    }
    if (!route) return { kind: 'page', page: 'not-found' }
    switch (route.state) {
      case 'live':
        if (route.target) return { kind: 'proxy', target: route.target, route }
        report({ kind: 'route', site: slug, error: new Error(`Route ${slug} is live without a target`) })
        return { kind: 'page', page: 'failed', route }
      case 'sleeping':
        if (!wakes) return { kind: 'page', page: 'failed', route }
        try {
          return { kind: 'proxy', target: await wakes.wakeUp(slug), route }
        } catch (error) {
          report({ kind: 'wake', site: slug, error })
          return { kind: 'page', page: 'wake-failed', route }
        }
      case 'provisioning':
      case 'suspended':
      case 'failed':
        return { kind: 'page', page: route.state, route }
      default:
        report({ kind: 'route', site: slug, error: new Error(`Route ${slug} has an unknown state`) })
        return { kind: 'page', page: 'failed', route }
    }
  }

  const pageContext = (
    req: http.IncomingMessage,
    host: ParsedHost | null,
    tenant?: TenantRoute,
  ): PageContext => ({
    locale: negotiateLocale(req.headers['accept-language'], tenant?.locale),
    rootUrl: rootUrl(rootDomain, publicPort(req, host)),
    ...(tenant?.name ? { name: tenant.name } : {}),
    ...(tenant?.brandColor ? { brandColor: tenant.brandColor } : {}),
  })

  const proxyWeb = (req: http.IncomingMessage, res: http.ServerResponse, target: Target, site: Site) => {
    if (res.destroyed || res.writableEnded) return
    dropUntrustedHeaders(req)
    dropHopByHopHeaders(req)
    siteOf.set(req, site.name)
    if (site.tenant) {
      track(site.name, res)
      notify(site.name)
    }
    proxy.web(req, res, { target }, (error) => {
      if (isClientGone(error) && (req.destroyed || res.destroyed)) return
      report({ kind: 'proxy', site: site.name, error })
      if (res.headersSent) {
        // The upstream died mid-response: cut the response so the client sees it incomplete.
        res.destroy()
        return
      }
      sendPage(
        res,
        renderPage('bad-gateway', pageContext(req, parseHostHeader(req.headers.host), site.tenant)),
      )
    })
  }

  const proxyUpgrade = (
    req: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: Target,
    site: Site,
  ) => {
    if (socket.destroyed) return
    dropUntrustedHeaders(req)
    siteOf.set(req, site.name)
    if (site.tenant) {
      track(site.name, socket)
      notify(site.name)
    }
    proxy.ws(req, socket, head, { target }, (error) => {
      if (!isClientGone(error)) report({ kind: 'websocket', site: site.name, error })
      // Before the upstream's 101 the client still expects an HTTP answer: a 502 page. After it,
      // the socket carries websocket frames; http-proxy-3 closes it.
      if (!upgraded.has(req)) {
        writeRawPage(
          socket,
          renderPage('bad-gateway', pageContext(req, parseHostHeader(req.headers.host), site.tenant)),
        )
      }
    })
  }

  const onHttpRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (pathOf(req.url) === HEALTHZ_PATH) {
      answerHealthz(req, res)
      return
    }
    const host = parseHostHeader(req.headers.host)
    const route = host ? routeForHostname(host.hostname, rootDomain, reserved) : null
    switch (route?.kind) {
      case 'hub':
        return proxyWeb(req, res, hub, { name: 'hub' })
      case 'cms':
        return proxyWeb(req, res, cms, { name: 'cms' })
      case 'www':
        res.writeHead(308, {
          location: redirectToRoot(rootDomain, publicPort(req, host), req.url),
          'cache-control': 'no-store',
        })
        res.end()
        return
      case 'tenant': {
        const decision = await decide(route.slug)
        if (decision.kind === 'proxy') {
          return proxyWeb(req, res, decision.target, { name: route.slug, tenant: decision.route })
        }
        return sendPage(res, renderPage(decision.page, pageContext(req, host, decision.route)))
      }
      default:
        return sendPage(res, renderPage('not-found', pageContext(req, host)))
    }
  }

  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req.url) === HEALTHZ_PATH) {
      writeRaw(socket, 400, { 'cache-control': 'no-store' }, '')
      return
    }
    const host = parseHostHeader(req.headers.host)
    const route = host ? routeForHostname(host.hostname, rootDomain, reserved) : null
    switch (route?.kind) {
      case 'hub':
        return proxyUpgrade(req, socket, head, hub, { name: 'hub' })
      case 'cms':
        return proxyUpgrade(req, socket, head, cms, { name: 'cms' })
      case 'www':
        writeRaw(socket, 308, { location: redirectToRoot(rootDomain, publicPort(req, host), req.url) }, '')
        return
      case 'tenant': {
        const decision = await decide(route.slug)
        if (decision.kind === 'proxy') {
          return proxyUpgrade(req, socket, head, decision.target, {
            name: route.slug,
            tenant: decision.route,
          })
        }
        return writeRawPage(socket, renderPage(decision.page, pageContext(req, host, decision.route)))
      }
      default:
        return writeRawPage(socket, renderPage('not-found', pageContext(req, host)))
    }
  }

  const upgradedSockets = new Set<Duplex>()
  const server = http.createServer((req, res) => {
    onHttpRequest(req, res).catch((error: unknown) => {
      report({ kind: 'proxy', site: req.headers.host ?? 'unknown', error })
      if (!res.headersSent) sendPage(res, renderPage('failed', pageContext(req, null)))
      else res.destroy()
    })
  })
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until http-proxy-3 takes the socket over, an error on it (client reset) must not crash us.
    socket.on('error', () => socket.destroy())
    upgradedSockets.add(socket)
    socket.once('close', () => upgradedSockets.delete(socket))
    onUpgrade(req, socket, head).catch((error: unknown) => {
      report({ kind: 'websocket', site: req.headers.host ?? 'unknown', error })
      socket.destroy()
    })
  })

  let closing: Promise<void> | undefined
  return {
    server,
    listen(port = DEFAULT_GATEWAY_PORT, hostname = DEFAULT_GATEWAY_HOST) {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error)
        server.once('error', onError)
        server.listen(port, hostname, () => {
          server.off('error', onError)
          const bound = (server.address() as AddressInfo).port
          resolve({ port: bound, url: rootUrl(rootDomain, bound).replace(/\/$/, '') })
        })
      })
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of upgradedSockets) socket.destroy()
        if (!server.listening) {
          server.closeAllConnections()
          agent.destroy()
          resolve()
          return
        }
        server.close(() => {
          agent.destroy()
          resolve()
        })
        server.closeAllConnections()
      })
      return closing
    },
    inFlight: (slug) => inFlightBySlug.get(slug) ?? 0,
  }
}

function defaultReport(event: GatewayErrorEvent): void {
  const message = event.error instanceof Error ? event.error.message : String(event.error)
  console.warn(`[gateway] ${event.kind} error (${event.site}): ${message}`)
}

/** `http://<root>[:port]/`, the hub's public URL as the visitor reached the gateway. */
function rootUrl(rootDomain: string, port: number | undefined): string {
  return `http://${rootDomain}${port === undefined || port === 80 ? '' : `:${port}`}/`
}

/** The port the visitor used: the Host's, else the one it connected to (no port in Host is odd here). */
function publicPort(req: http.IncomingMessage, host: ParsedHost | null): number | undefined {
  return host?.port ?? req.socket.localPort
}

function redirectToRoot(rootDomain: string, port: number | undefined, url: string | undefined): string {
  const base = rootUrl(rootDomain, port).replace(/\/$/, '')
  return `${base}${url?.startsWith('/') ? url : '/'}`
}

function pathOf(url: string | undefined): string {
  if (!url) return '/'
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

function answerHealthz(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'cache-control': 'no-store' }).end()
    return
  }
  const body = JSON.stringify({ status: 'ok' })
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

function dropUntrustedHeaders(req: http.IncomingMessage): void {
  for (const name of UNTRUSTED_FORWARDING_HEADERS) delete req.headers[name]
}

const KEPT_HEADERS = new Set(['host', 'content-length', 'transfer-encoding'])

/**
 * Removes the client's hop-by-hop headers (RFC 9110 §7.6.1) before a plain HTTP request goes
 * upstream. http-proxy-3 forwards them, so a client's `Connection: close` would close the pooled
 * upstream connection after every response and defeat the keep-alive agent.
 */
function dropHopByHopHeaders(req: http.IncomingMessage): void {
  const named = req.headers.connection?.split(',') ?? []
  for (const token of named) {
    const name = token.trim().toLowerCase()
    // Never let `Connection: host` or similar strip what routing, framing or forwarding rely on.
    if (name && !KEPT_HEADERS.has(name) && !name.startsWith('x-forwarded-')) delete req.headers[name]
  }
  for (const name of ['connection', 'keep-alive', 'proxy-connection', 'upgrade']) delete req.headers[name]
}

function sendPage(res: http.ServerResponse, page: RenderedPage): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(page.status, { ...page.headers, 'content-length': Buffer.byteLength(page.body) })
  res.end(page.body)
}

function writeRawPage(socket: Duplex, page: RenderedPage): void {
  writeRaw(socket, page.status, page.headers, page.body)
}

/** Answers an upgrade request with a plain HTTP response on its raw socket, then closes it. */
function writeRaw(socket: Duplex, status: number, headers: Record<string, string>, body: string): void {
  if (socket.destroyed || !socket.writable) return
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`]
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close')
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`)
}

function isSocket(value: unknown): value is Socket {
  return !(value instanceof http.ServerResponse)
}

/** Errors that only mean the visitor went away; not worth a report. */
function isClientGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE'
}
