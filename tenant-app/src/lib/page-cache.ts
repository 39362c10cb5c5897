import { randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { NextRequest } from 'next/server'
import { NextResponse } from 'next/server'
import { shared } from './shared-cache.ts'

/**
 * The signed-out catalog and course pages, rendered once and served to every visitor for a few
 * seconds (decision 087). Without a session cookie these pages are the same HTML for everyone
 * (the school's branding and published content, which src/lib/shared-cache.ts already holds),
 * yet Next.js cannot prerender them: the root layout reads the session cookie for the header.
 * So src/proxy.ts answers such a request itself from the instance's shared cache; on a miss it
 * renders the page once through this very server (a loopback request marked with
 * {@link RENDER_HEADER}, which the proxy lets through) for all the visitors waiting on it.
 *
 * Never cached: anything with a session cookie, a query string, a method other than GET, Next's
 * client navigations (`RSC`), answers other than 200, or answers that set a cookie.
 */

/** How long a rendered page is served, ms; for as long again while it is rendered anew. */
export const PAGE_TTL_MS = 5_000

/** Request header marking the proxy's own loopback render (its value is the process's secret). */
export const RENDER_HEADER = 'x-lyceum-render'

/** Response header saying whether the page came from the cache (`hit`) or was rendered (`miss`). */
export const PAGE_CACHE_HEADER = 'x-lyceum-page-cache'

/** Paths whose signed-out answer is the same for every visitor. */
const PAGES = [/^\/$/, /^\/courses\/[^/]+$/]

/** Headers of the rendered answer that are not passed on (hop-by-hop, or recomputed). */
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date'])

const SECRET = Symbol.for('lyceum.tenant-app.render-secret')

/** The process's secret for {@link RENDER_HEADER}: shared by the proxy's and the pages' bundles. */
function secret(): Buffer {
  const holder = globalThis as typeof globalThis & { [SECRET]?: Buffer }
  holder[SECRET] ??= randomBytes(32)
  return holder[SECRET]
}

/** The value of {@link RENDER_HEADER} on the proxy's own renders. */
export function ownRenderValue(): string {
  return secret().toString('base64url')
}

/** Whether `request` is the proxy's own render (so it must not be answered from the cache). */
export function isOwnRender(request: Pick<NextRequest, 'headers'>): boolean {
  const value = request.headers.get(RENDER_HEADER)
  if (!value) return false
  const given = Buffer.from(value, 'base64url')
  const expected = secret()
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Whether the answer to `request` may come from the page cache (pure, see the module doc). */
export function pageCacheable(request: {
  method: string
  pathname: string
  search: string
  headers: { has(name: string): boolean }
  hasSession: boolean
}): boolean {
  return (
    request.method === 'GET' &&
    request.search === '' &&
    !request.hasSession &&
    !request.headers.has('rsc') &&
    !request.headers.has('next-router-prefetch') &&
    !request.headers.has('next-action') &&
    PAGES.some((page) => page.test(request.pathname))
  )
}

type Rendered = { status: number; headers: Array<[string, string]>; body: Buffer }

/** Renders `pathname` through this server (the loopback port `request` came in on). */
function render(request: NextRequest, pathname: string): Promise<Rendered> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      host: request.headers.get('host') ?? 'localhost',
      accept: 'text/html',
      [RENDER_HEADER]: ownRenderValue(),
    }
    const language = request.headers.get('accept-language')
    if (language) headers['accept-language'] = language
    const port = Number(request.nextUrl.port) || 80
    const inner = http.get({ host: '127.0.0.1', port, path: pathname, headers }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        const kept: Array<[string, string]> = []
        for (const [name, value] of Object.entries(answer.headers)) {
          if (DROPPED.has(name) || value === undefined) continue
          for (const one of Array.isArray(value) ? value : [value]) kept.push([name, one])
        }
        resolve({ status: answer.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) })
      })
      answer.on('error', reject)
    })
    inner.setTimeout(30_000, () => inner.destroy(new Error('page render timed out')))
    inner.on('error', reject)
  })
}

/**
 * The answer to a signed-out GET of a cacheable page ({@link pageCacheable}): from the cache, or
 * rendered now for every visitor waiting on it. Only 200s without `set-cookie` are kept.
 * @throws when the loopback render fails (the caller lets the request through instead).
 */
export async function cachedPage(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl
  let rendered = false
  const page = await shared(
    `page:${pathname}`,
    PAGE_TTL_MS,
    () => {
      rendered = true
      return render(request, pathname)
    },
    {
      keep: (p) => p.status === 200 && !p.headers.some(([name]) => name === 'set-cookie'),
      // Served while the next render runs: visitors never wait for a render after the first.
      stale: { ms: PAGE_TTL_MS },
    },
  )
  const headers = new Headers(page.headers)
  headers.set(PAGE_CACHE_HEADER, rendered ? 'miss' : 'hit')
  return new NextResponse(new Uint8Array(page.body), { status: page.status, headers })
}
