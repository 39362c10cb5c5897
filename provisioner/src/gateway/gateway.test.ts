import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createGateway, type Gateway } from './gateway.ts'
import {
  echoed,
  request,
  startUpstream,
  type TestResponse,
  type Upstream,
  unusedPort,
} from './test-support.ts'
import type { GatewayErrorEvent, GatewayOptions, Target, TenantRoute } from './types.ts'

/** A route table the tests edit between requests. */
class TableSource {
  readonly routes = new Map<string, TenantRoute>()
  readonly asked: string[] = []
  failWith: Error | undefined
  resolve(slug: string): TenantRoute | null {
    this.asked.push(slug)
    if (this.failWith) throw this.failWith
    return this.routes.get(slug) ?? null
  }
  set(route: TenantRoute): void {
    this.routes.set(route.slug, route)
  }
}

interface Harness {
  gateway: Gateway
  port: number
  url: string
  source: TableSource
  errors: GatewayErrorEvent[]
  onRequest: ReturnType<typeof vi.fn<(slug: string) => void>>
  get(host: string, path?: string, headers?: http.OutgoingHttpHeaders): Promise<TestResponse>
}

const running: Gateway[] = []
const upstreams: Upstream[] = []

async function startGateway(
  overrides: Partial<GatewayOptions> & { hub: Target; cms: Target },
): Promise<Harness> {
  const source = new TableSource()
  const errors: GatewayErrorEvent[] = []
  const onRequest = vi.fn<(slug: string) => void>()
  const gateway = createGateway({
    routes: source,
    onRequest,
    onError: (event) => errors.push(event),
    ...overrides,
  })
  running.push(gateway)
  const { port, url } = await gateway.listen(0)
  return {
    gateway,
    port,
    url,
    source,
    errors,
    onRequest,
    get: (host, path = '/', headers = {}) =>
      request({ port, host: host.replace('PORT', String(port)), path, headers }),
  }
}

async function upstream(name: string, handler?: Parameters<typeof startUpstream>[1]): Promise<Upstream> {
  const started = await startUpstream(name, handler)
  upstreams.push(started)
  return started
}

let hub: Upstream
let cms: Upstream
let acme: Upstream
let h: Harness

beforeAll(async () => {
  hub = await upstream('hub')
  cms = await upstream('cms')
  acme = await upstream('acme')
})

beforeEach(async () => {
  h = await startGateway({ hub: hub.target, cms: cms.target, wakeTimeoutMs: 3000 })
  h.source.set({ slug: 'acme', name: 'Acme Academy', state: 'live', target: acme.target })
})

afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()))
})

afterAll(async () => {
  await Promise.all(upstreams.splice(0).map((server) => server.close()))
})

describe('routing by host', () => {
  it('sends the root domain to the hub, cms.<root> to the cms and <slug>.<root> to the tenant', async () => {
    expect(echoed(await h.get('localhost:PORT', '/pricing')).upstream).toBe('hub')
    expect(echoed(await h.get('cms.localhost:PORT', '/admin')).upstream).toBe('cms')
    const tenant = await h.get('acme.localhost:PORT', '/courses?page=2')
    expect(tenant.status).toBe(200)
    expect(echoed(tenant)).toMatchObject({ upstream: 'acme', url: '/courses?page=2' })
    // Host matching ignores case.
    expect(echoed(await h.get('ACME.LocalHost:PORT')).upstream).toBe('acme')
  })

  it('redirects www.<root> to the root domain with a 308, keeping path and query', async () => {
    const response = await h.get('www.localhost:PORT', '/signup?plan=pro')
    expect(response.status).toBe(308)
    expect(response.headers.location).toBe(`http://localhost:${h.port}/signup?plan=pro`)
  })

  it.each([
    ['a reserved name', 'api.localhost:PORT'],
    ['a reserved name (hub)', 'hub.localhost:PORT'],
    ['an unknown subdomain', 'nobody.localhost:PORT'],
    ['a nested subdomain', 'cms.acme.localhost:PORT'],
    ['a label that is no slug', 'a_b.localhost:PORT'],
    ['another domain', 'example.com'],
    ['an IP address', '127.0.0.1:PORT'],
  ])('answers the Lyceum 404 page for %s', async (_label, host) => {
    const before = acme.seen.length + hub.seen.length + cms.seen.length
    const response = await h.get(host)
    expect(response.status).toBe(404)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.body).toContain('No school here')
    expect(response.body).toContain(`href="http://localhost:`)
    expect(acme.seen.length + hub.seen.length + cms.seen.length).toBe(before)
  })

  it('asks the route source only about valid, unreserved slugs', async () => {
    await h.get('api.localhost:PORT')
    await h.get('a.b.localhost:PORT')
    await h.get('nobody.localhost:PORT')
    expect(h.source.asked).toEqual(['nobody'])
  })

  it('answers /__gateway/healthz on any host without proxying it', async () => {
    const before = acme.seen.length
    for (const host of ['localhost:PORT', 'acme.localhost:PORT', 'example.com']) {
      const response = await h.get(host, '/__gateway/healthz')
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ status: 'ok' })
    }
    expect(acme.seen.length).toBe(before)
  })

  it('applies a route change to the next request, without a restart', async () => {
    const other = await upstream('acme-v2')
    expect(echoed(await h.get('acme.localhost:PORT')).upstream).toBe('acme')
    h.source.set({ slug: 'acme', state: 'live', target: other.target })
    expect(echoed(await h.get('acme.localhost:PORT')).upstream).toBe('acme-v2')
    h.source.set({ slug: 'acme', state: 'suspended' })
    expect((await h.get('acme.localhost:PORT')).status).toBe(503)
    h.source.routes.delete('acme')
    expect((await h.get('acme.localhost:PORT')).status).toBe(404)
  })
})

describe('forwarded headers', () => {
  it('keeps the Host and sets X-Forwarded-For/-Host/-Proto/-Port', async () => {
    const { headers } = echoed(await h.get('acme.localhost:PORT'))
    expect(headers.host).toBe(`acme.localhost:${h.port}`)
    expect(headers['x-forwarded-host']).toBe(`acme.localhost:${h.port}`)
    expect(headers['x-forwarded-proto']).toBe('http')
    expect(headers['x-forwarded-port']).toBe(String(h.port))
    expect(headers['x-forwarded-for']).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  })

  it('drops forwarding headers sent by the client (the gateway is the edge)', async () => {
    const { headers } = echoed(
      await h.get('acme.localhost:PORT', '/', {
        'x-forwarded-host': 'other.localhost',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-proto': 'https',
        forwarded: 'for=6.6.6.6',
      }),
    )
    expect(headers['x-forwarded-host']).toBe(`acme.localhost:${h.port}`)
    expect(headers['x-forwarded-for']).not.toContain('6.6.6.6')
    expect(headers['x-forwarded-proto']).toBe('http')
    expect(headers.forwarded).toBeUndefined()
  })

  it('streams a request body to the upstream', async () => {
    const echoBody = await upstream('body', (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => res.end(`${req.method} ${Buffer.concat(chunks).toString()}`))
    })
    h.source.set({ slug: 'poster', state: 'live', target: echoBody.target })
    const response = await request({
      port: h.port,
      host: 'poster.localhost',
      method: 'POST',
      body: 'x'.repeat(100_000),
    })
    expect(response.body).toBe(`POST ${'x'.repeat(100_000)}`)
  })
})

describe('upstream connections', () => {
  it('reuses keep-alive connections to the upstream', async () => {
    const ports: number[] = []
    const counted = await upstream('counted', (req, res) => {
      ports.push(req.socket.remotePort ?? 0)
      res.end('ok')
    })
    h.source.set({ slug: 'counted', state: 'live', target: counted.target })
    for (let n = 0; n < 5; n += 1) expect((await h.get('counted.localhost:PORT')).status).toBe(200)
    expect(ports).toHaveLength(5)
    // The test client sends `Connection: close`; that hop-by-hop header must not reach upstream.
    expect(new Set(ports).size).toBe(1)
  })

  it('drops hop-by-hop headers, including those the Connection header names', async () => {
    const { headers } = echoed(
      await h.get('acme.localhost:PORT', '/', {
        connection: 'close, x-secret-hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
      }),
    )
    expect(headers['x-secret-hop']).toBeUndefined()
    expect(headers['keep-alive']).toBeUndefined()
    expect(headers.connection).toBe('keep-alive')
  })
})

describe('state pages', () => {
  const cases = [
    {
      state: 'provisioning',
      status: 503,
      en: 'Your school is being set up',
      fr: 'Votre école est en cours de création',
      retryAfter: '5',
    },
    {
      state: 'suspended',
      status: 503,
      en: 'This school is suspended',
      fr: 'Cette école est suspendue',
      retryAfter: '3600',
    },
    {
      state: 'failed',
      status: 503,
      en: 'This school is temporarily unavailable',
      fr: 'Cette école est temporairement indisponible',
      retryAfter: '60',
    },
  ] as const

  it.each(cases)(
    '$state → $status, in English and in French',
    async ({ state, status, en, fr, retryAfter }) => {
      h.source.set({ slug: 'acme', name: 'Acme Academy', state, brandColor: '#b91c1c' })
      const english = await h.get('acme.localhost:PORT', '/', { 'accept-language': 'en-US,en;q=0.9' })
      expect(english.status).toBe(status)
      expect(english.headers['cache-control']).toBe('no-store')
      expect(english.headers['retry-after']).toBe(retryAfter)
      expect(english.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(english.body).toContain(en)
      expect(english.body).toContain('Acme Academy')
      expect(english.body).toContain('--brand:#b91c1c')
      expect(english.body).toContain('<html lang="en">')

      const french = await h.get('acme.localhost:PORT', '/', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' })
      expect(french.status).toBe(status)
      expect(french.body).toContain(fr)
      expect(french.body).toContain('<html lang="fr">')
    },
  )

  it('refreshes the provisioning page by itself', async () => {
    h.source.set({ slug: 'acme', state: 'provisioning' })
    const response = await h.get('acme.localhost:PORT')
    expect(response.body).toContain('<meta http-equiv="refresh" content="5">')
    expect(response.body).toContain('this school')
  })

  it('explains a suspension to visitors and points the owner to Lyceum', async () => {
    h.source.set({ slug: 'acme', name: 'Acme Academy', state: 'suspended' })
    const response = await h.get('acme.localhost:PORT')
    expect(response.body).toContain('Only the school’s owner can switch it back on')
    expect(response.body).toContain('contact your school')
    expect(response.body).toContain(`href="http://localhost:${h.port}/"`)
  })

  it("uses the school's locale over Accept-Language", async () => {
    h.source.set({ slug: 'acme', state: 'suspended', locale: 'fr' })
    const response = await h.get('acme.localhost:PORT', '/', { 'accept-language': 'en' })
    expect(response.body).toContain('Cette école est suspendue')
  })

  it('localises the 404 page by Accept-Language', async () => {
    const response = await h.get('nobody.localhost:PORT', '/', { 'accept-language': 'fr' })
    expect(response.status).toBe(404)
    expect(response.body).toContain('Aucune école ici')
  })

  it('answers 503 without internals when the route source throws', async () => {
    h.source.failWith = new Error('database password wrong at /srv/secret.ts:12')
    const response = await h.get('acme.localhost:PORT')
    expect(response.status).toBe(503)
    expect(response.body).toContain('temporarily unavailable')
    expect(response.body).not.toContain('password')
    expect(response.body).not.toContain('secret')
    expect(h.errors).toMatchObject([{ kind: 'route', site: 'acme' }])
  })
})

describe('upstream failures', () => {
  it('answers a 502 page when the tenant instance is down, and keeps serving', async () => {
    h.source.set({
      slug: 'gone',
      name: 'Gone School',
      state: 'live',
      target: { host: '127.0.0.1', port: await unusedPort() },
    })
    const response = await h.get('gone.localhost:PORT')
    expect(response.status).toBe(502)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.body).toContain('We can’t reach Gone School right now')
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/)
    expect(h.errors).toMatchObject([{ kind: 'proxy', site: 'gone' }])
    expect(echoed(await h.get('acme.localhost:PORT')).upstream).toBe('acme')
  })

  it('answers a 502 page when the hub is down', async () => {
    const down = await startGateway({ hub: { host: '127.0.0.1', port: await unusedPort() }, cms: cms.target })
    expect((await down.get('localhost:PORT')).status).toBe(502)
  })

  it('cuts the response when the upstream dies mid-body, and keeps serving', async () => {
    const dying = await upstream('dying', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('partial')
      setTimeout(() => res.socket?.destroy(), 20)
    })
    h.source.set({ slug: 'dying', state: 'live', target: dying.target })
    const started = Date.now()
    await expect(h.get('dying.localhost:PORT')).rejects.toThrow(/aborted|socket hang up/)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(h.errors).toMatchObject([{ kind: 'proxy', error: { message: 'Upstream closed mid-response' } }])
    expect(echoed(await h.get('acme.localhost:PORT')).upstream).toBe('acme')
  })
})

describe('wake from zero', () => {
  it('holds concurrent requests for a sleeping tenant on ONE wake, then proxies them all', async () => {
    let source: TableSource | undefined
    // Like the local driver: start the instance, wait until it listens, mark the route live.
    const wake = vi.fn(async (slug: string) => {
      await sleep(300)
      const woken = await upstream(`woken-${slug}`)
      source?.set({ slug, state: 'live', target: woken.target })
      return woken.target
    })
    const g = await startGateway({ hub: hub.target, cms: cms.target, wake })
    source = g.source
    g.source.set({ slug: 'sleepy', name: 'Sleepy School', state: 'sleeping' })
    const started = Date.now()
    const responses = await Promise.all([1, 2, 3].map((n) => g.get('sleepy.localhost:PORT', `/r${n}`)))
    const elapsed = Date.now() - started
    expect(wake).toHaveBeenCalledTimes(1)
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
    expect(responses.map((response) => echoed(response).upstream)).toEqual([
      'woken-sleepy',
      'woken-sleepy',
      'woken-sleepy',
    ])
    expect(responses.map((response) => echoed(response).url)).toEqual(['/r1', '/r2', '/r3'])
    expect(elapsed).toBeGreaterThanOrEqual(290)
    // Now live: the next request goes straight through, without another wake.
    expect((await g.get('sleepy.localhost:PORT')).status).toBe(200)
    expect(wake).toHaveBeenCalledTimes(1)
    expect(g.onRequest).toHaveBeenCalledTimes(4)
  })

  it('holds a request body during the wake and delivers it after', async () => {
    const bodies = await upstream('bodies', (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => res.end(`got ${Buffer.concat(chunks).length} bytes`))
    })
    const g = await startGateway({
      hub: hub.target,
      cms: cms.target,
      wake: async () => {
        await sleep(100)
        return bodies.target
      },
    })
    g.source.set({ slug: 'sleepy', state: 'sleeping' })
    const response = await request({
      port: g.port,
      host: 'sleepy.localhost',
      method: 'POST',
      body: 'y'.repeat(200_000),
    })
    expect(response.body).toBe('got 200000 bytes')
  })

  it('answers 503 with Retry-After when the wake times out', async () => {
    const wake = vi.fn(() => new Promise<Target>(() => {}))
    const g = await startGateway({ hub: hub.target, cms: cms.target, wake, wakeTimeoutMs: 150 })
    g.source.set({ slug: 'sleepy', name: 'Sleepy School', state: 'sleeping' })
    const started = Date.now()
    const response = await g.get('sleepy.localhost:PORT')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(response.status).toBe(503)
    expect(response.headers['retry-after']).toBe('5')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.body).toContain('This school is still starting')
    expect(response.body).toContain('Sleepy School')
    expect(g.errors).toMatchObject([{ kind: 'wake', site: 'sleepy' }])
    expect(g.onRequest).not.toHaveBeenCalled()
  })

  it('answers 503 when the wake fails, and 503 for a sleeping tenant without a wake hook', async () => {
    const g = await startGateway({
      hub: hub.target,
      cms: cms.target,
      wake: async () => {
        throw new Error('out of ports')
      },
    })
    g.source.set({ slug: 'sleepy', state: 'sleeping' })
    const failed = await g.get('sleepy.localhost:PORT', '/', { 'accept-language': 'fr' })
    expect(failed.status).toBe(503)
    expect(failed.body).toContain('Cette école est encore en cours de démarrage')
    expect(failed.body).not.toContain('out of ports')

    h.source.set({ slug: 'sleepy', state: 'sleeping' })
    expect((await h.get('sleepy.localhost:PORT')).status).toBe(503)
  })
})

describe('idle tracking', () => {
  it('calls onRequest for every proxied tenant request, and only those', async () => {
    await h.get('acme.localhost:PORT')
    await h.get('acme.localhost:PORT', '/x')
    await h.get('localhost:PORT')
    await h.get('cms.localhost:PORT')
    await h.get('nobody.localhost:PORT')
    await h.get('acme.localhost:PORT', '/__gateway/healthz')
    h.source.set({ slug: 'paused', state: 'suspended' })
    await h.get('paused.localhost:PORT')
    expect(h.onRequest.mock.calls).toEqual([['acme'], ['acme']])
  })

  it('survives an onRequest hook that throws', async () => {
    h.onRequest.mockImplementation(() => {
      throw new Error('tracker down')
    })
    expect((await h.get('acme.localhost:PORT')).status).toBe(200)
    expect(h.errors).toMatchObject([{ kind: 'hook', site: 'acme' }])
  })
})

describe('streaming', () => {
  it('passes server-sent events through without buffering, and counts the open stream', async () => {
    let upstreamEndedAt = 0
    const sse = await upstream('sse', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      res.flushHeaders()
      let sent = 0
      const timer = setInterval(() => {
        sent += 1
        res.write(`data: event ${sent}\n\n`)
        if (sent === 5) {
          clearInterval(timer)
          upstreamEndedAt = Date.now()
          res.end()
        }
      }, 100)
    })
    h.source.set({ slug: 'live-class', state: 'live', target: sse.target })

    const started = Date.now()
    const received: Array<{ at: number; text: string }> = []
    let inFlightDuringStream = -1
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: h.port,
          path: '/events',
          headers: { host: 'live-class.localhost' },
          agent: false,
        },
        (res) => {
          res.setEncoding('utf8')
          res.on('data', (text: string) => {
            if (received.length === 0) inFlightDuringStream = h.gateway.inFlight('live-class')
            received.push({ at: Date.now(), text })
          })
          res.on('end', resolve)
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end()
    })
    const first = received[0]
    expect(first?.text).toContain('data: event 1')
    // The first event arrives about 100 ms in, long before the upstream ends (about 500 ms in):
    // a buffering proxy would deliver everything at once, after the end.
    expect((first?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(400)
    expect(upstreamEndedAt - (first?.at ?? 0)).toBeGreaterThanOrEqual(100)
    expect(received.length).toBeGreaterThanOrEqual(4)
    expect(received.map((chunk) => chunk.text).join('')).toContain('data: event 5')
    expect(inFlightDuringStream).toBe(1)
    await sleep(20)
    expect(h.gateway.inFlight('live-class')).toBe(0)
  })
})

describe('websockets', () => {
  async function websocketUpstream(name: string) {
    const server = await upstream(name)
    const upgrades: http.IncomingHttpHeaders[] = []
    const wss = new WebSocketServer({ server: server.server })
    wss.on('connection', (socket, req) => {
      upgrades.push(req.headers)
      socket.on('message', (data) => socket.send(`${name} echo: ${String(data)}`))
    })
    return { server, upgrades, close: () => wss.close() }
  }

  function connect(port: number, host: string): WebSocket {
    return new WebSocket(`ws://127.0.0.1:${port}/live`, { headers: { host } })
  }

  function echoOnce(socket: WebSocket, message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      socket.once('error', reject)
      socket.once('message', (data) => resolve(String(data)))
      if (socket.readyState === WebSocket.OPEN) socket.send(message)
      else socket.once('open', () => socket.send(message))
    })
  }

  function unexpectedStatus(socket: WebSocket): Promise<number> {
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        socket.terminate()
      })
      socket.once('open', () => reject(new Error('upgrade unexpectedly accepted')))
      socket.once('error', () => {})
    })
  }

  it('echoes through the gateway for a tenant, with forwarded headers and the Host kept', async () => {
    const upstreamWs = await websocketUpstream('classroom')
    h.source.set({ slug: 'acme', state: 'live', target: upstreamWs.server.target })
    const socket = connect(h.port, `acme.localhost:${h.port}`)
    expect(await echoOnce(socket, 'hello')).toBe('classroom echo: hello')
    expect(await echoOnce(socket, 'again')).toBe('classroom echo: again')
    expect(h.gateway.inFlight('acme')).toBe(1)
    expect(upstreamWs.upgrades[0]).toMatchObject({
      host: `acme.localhost:${h.port}`,
      'x-forwarded-host': `acme.localhost:${h.port}`,
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(h.port),
    })
    expect(h.onRequest).toHaveBeenCalledWith('acme')
    socket.close()
    await new Promise((resolve) => socket.once('close', resolve))
    await sleep(20)
    expect(h.gateway.inFlight('acme')).toBe(0)
    upstreamWs.close()
  })

  it('proxies websockets for the hub and the cms too', async () => {
    const hubWs = await websocketUpstream('hub-ws')
    const cmsWs = await websocketUpstream('cms-ws')
    const g = await startGateway({ hub: hubWs.server.target, cms: cmsWs.server.target })
    const toHub = connect(g.port, `localhost:${g.port}`)
    const toCms = connect(g.port, `cms.localhost:${g.port}`)
    expect(await echoOnce(toHub, 'a')).toBe('hub-ws echo: a')
    expect(await echoOnce(toCms, 'b')).toBe('cms-ws echo: b')
    toHub.close()
    toCms.close()
    hubWs.close()
    cmsWs.close()
  })

  it('wakes a sleeping tenant for a websocket', async () => {
    const woken = await websocketUpstream('woken-ws')
    const wake = vi.fn(async () => {
      await sleep(100)
      return woken.server.target
    })
    const g = await startGateway({ hub: hub.target, cms: cms.target, wake })
    g.source.set({ slug: 'sleepy', state: 'sleeping' })
    const socket = connect(g.port, 'sleepy.localhost')
    expect(await echoOnce(socket, 'up?')).toBe('woken-ws echo: up?')
    expect(wake).toHaveBeenCalledTimes(1)
    socket.close()
    woken.close()
  })

  it('answers state pages, 404 and 502 to upgrade requests with plain HTTP statuses', async () => {
    h.source.set({ slug: 'paused', state: 'suspended' })
    h.source.set({ slug: 'gone', state: 'live', target: { host: '127.0.0.1', port: await unusedPort() } })
    expect(await unexpectedStatus(connect(h.port, 'paused.localhost'))).toBe(503)
    expect(await unexpectedStatus(connect(h.port, 'nobody.localhost'))).toBe(404)
    expect(await unexpectedStatus(connect(h.port, 'example.com'))).toBe(404)
    expect(await unexpectedStatus(connect(h.port, 'gone.localhost'))).toBe(502)
    expect(await unexpectedStatus(connect(h.port, 'www.localhost'))).toBe(308)
    expect(h.errors).toMatchObject([{ kind: 'websocket', site: 'gone' }])
  })

  it('survives an upstream that closes a websocket abruptly', async () => {
    const server = await upstream('rude')
    const wss = new WebSocketServer({ server: server.server })
    wss.on('connection', (socket) => socket.on('message', () => socket.terminate()))
    h.source.set({ slug: 'rude', state: 'live', target: server.target })
    const socket = connect(h.port, 'rude.localhost')
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send('bye')
    await new Promise((resolve) => socket.once('close', resolve))
    expect(echoed(await h.get('acme.localhost:PORT')).upstream).toBe('acme')
    wss.close()
  })
})

describe('lifecycle', () => {
  it('listens on 127.0.0.1 and reports the root URL', async () => {
    const address = h.gateway.server.address()
    expect(address).toMatchObject({ address: '127.0.0.1', port: h.port })
    expect(h.url).toBe(`http://localhost:${h.port}`)
  })

  it('closes with a websocket and a stream still open', async () => {
    const sse = await upstream('endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: hi\n\n')
    })
    const g = await startGateway({ hub: sse.target, cms: cms.target })
    const streaming = new Promise<void>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: g.port, headers: { host: 'localhost' }, agent: false },
        (res) => {
          res.once('data', () => resolve())
          res.on('error', () => {})
        },
      )
      req.on('error', () => {})
      req.end()
    })
    await streaming
    const started = Date.now()
    await g.gateway.close()
    await g.gateway.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(g.gateway.server.listening).toBe(false)
  })

  it('rejects listen() on a port in use', async () => {
    const other = createGateway({ hub: hub.target, cms: cms.target, routes: h.source })
    await expect(other.listen(h.port)).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })

  it('refuses a root domain with a port or a scheme', () => {
    expect(() =>
      createGateway({ hub: hub.target, cms: cms.target, routes: h.source, rootDomain: 'localhost:8080' }),
    ).toThrow()
    expect(() =>
      createGateway({ hub: hub.target, cms: cms.target, routes: h.source, rootDomain: 'http://localhost' }),
    ).toThrow()
  })
})
