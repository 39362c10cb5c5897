/**
 * A local HTTP server standing in for a billing provider's API (Stripe or Paddle), for the unit
 * tests that point the official SDKs at it. It records every request and answers from `replies`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the stand-in received; `query` is the raw query string without `?`. */
export type Seen = {
  method: string
  path: string
  query: string
  headers: IncomingMessage['headers']
  body: string
}

export type ProviderApi = {
  /** Every request since the last `reset()`, in order (the same array throughout). */
  seen: Seen[]
  /**
   * Replies by `"<METHOD> <path>"` (e.g. `POST /v1/subscriptions/sub_1`): 200 with the value as
   * JSON. Any other request gets 404 with a Stripe-shaped error body.
   */
  replies: Map<string, unknown>
  /** `http://127.0.0.1:<port>` once `listen()` has resolved. */
  base: string
  /** The port once `listen()` has resolved. */
  port: number
  /** Starts listening on a free port of 127.0.0.1. */
  listen(): Promise<void>
  /** Forgets the requests seen and the replies set. */
  reset(): void
  close(): Promise<void>
}

/** A stand-in, not yet listening (call `listen()` in `beforeAll`). */
export function providerApi(): ProviderApi {
  const seen: Seen[] = []
  const replies = new Map<string, unknown>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const [path = '/', query = ''] = (req.url ?? '/').split('?')
      seen.push({ method: req.method ?? '', path, query, headers: req.headers, body })
      const reply = replies.get(`${req.method} ${path}`)
      res.writeHead(reply ? 200 : 404, { 'content-type': 'application/json', 'request-id': 'req_test' })
      res.end(JSON.stringify(reply ?? { error: { message: 'no such route', type: 'invalid_request_error' } }))
    })
  })
  const api: ProviderApi = {
    seen,
    replies,
    base: '',
    port: 0,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      api.port = (server.address() as AddressInfo).port
      api.base = `http://127.0.0.1:${api.port}`
    },
    reset() {
      seen.length = 0
      replies.clear()
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return api
}
