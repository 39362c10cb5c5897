/**
 * A stand-in for the cms in the hub's browser tests: a real HTTP server on 127.0.0.1 that
 * answers `GET /api/plans` and `GET /api/plans/count` in Payload's shapes and records what it
 * was asked. (The cms is another app; a full-stack journey through the real one comes later.)
 *
 * It also serves `/evil`, a page on another origin with a form that posts to the hub: what a
 * cross-site request forgery looks like from a browser.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakePlan = {
  id: string
  code: string
  name: string
  active: boolean
  sortOrder: number
  priceMinor: number
  currency: string
  interval: 'month' | 'year'
  trialDays: number
  limits: { seats: number; storageBytes: number; courses: number }
}

export type FakeCms = {
  url: string
  /** Requests received: path with query, and the Authorization header. */
  requests: Array<{ url: string; authorization: string | undefined }>
  /** Sets the origin `/evil` posts to. */
  setHubUrl(url: string): void
  close(): Promise<void>
}

const GB = 1_000_000_000

/** The seeded plans (cms/src/seed/plans.ts), one yearly plan in dollars, one inactive plan. */
export const PLANS: FakePlan[] = [
  plan('starter', 'Starter', 1, 2900, 'EUR', 'month', 14, { seats: 50, storageBytes: 2 * GB, courses: 5 }),
  plan('growth', 'Growth', 2, 7900, 'EUR', 'month', 14, { seats: 500, storageBytes: 20 * GB, courses: 50 }),
  plan('scale', 'Scale', 3, 19900, 'EUR', 'month', 0, { seats: 5000, storageBytes: 200 * GB, courses: 500 }),
  plan('campus', 'Campus', 4, 99000, 'USD', 'year', 30, { seats: 1, storageBytes: 500_000_000, courses: 1 }),
  {
    ...plan('legacy', 'Legacy', 0, 100, 'EUR', 'month', 0, { seats: 1, storageBytes: GB, courses: 1 }),
    active: false,
  },
]

function plan(
  code: string,
  name: string,
  sortOrder: number,
  priceMinor: number,
  currency: string,
  interval: 'month' | 'year',
  trialDays: number,
  limits: FakePlan['limits'],
): FakePlan {
  return {
    id: `00000000-0000-4000-8000-00000000000${sortOrder}`,
    code,
    name,
    active: true,
    sortOrder,
    priceMinor,
    currency,
    interval,
    trialDays,
    limits,
  }
}

export async function startFakeCms(plans: FakePlan[] = PLANS): Promise<FakeCms> {
  const requests: FakeCms['requests'] = []
  let hubUrl = 'http://127.0.0.1:9'

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-cms')
    requests.push({ url: `${url.pathname}${url.search}`, authorization: req.headers.authorization })
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }

    if (req.method === 'GET' && url.pathname === '/api/plans') {
      // Enough of Payload's query handling for the hub's query: the active filter and the sort.
      const activeOnly = url.searchParams.get('where[active][equals]') === 'true'
      const docs = plans
        .filter((p) => !activeOnly || p.active)
        .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))
        .map((p) => ({ ...p, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }))
      const limit = Number(url.searchParams.get('limit') ?? 10)
      return send(200, {
        docs,
        totalDocs: docs.length,
        limit,
        totalPages: 1,
        page: 1,
        pagingCounter: 1,
        hasPrevPage: false,
        hasNextPage: false,
        prevPage: null,
        nextPage: null,
      })
    }
    if (req.method === 'GET' && url.pathname === '/api/plans/count') {
      return send(200, { totalDocs: plans.length })
    }
    if (req.method === 'GET' && url.pathname === '/evil') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><html lang="en"><title>Evil</title>
<form method="POST" action="${hubUrl}/language">
  <input type="hidden" name="locale" value="en"><input type="hidden" name="redirect" value="/">
  <button>Win a prize</button>
</form></html>`)
      return
    }
    send(404, { errors: [{ message: 'Not Found' }] })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHubUrl: (url) => {
      hubUrl = url
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
