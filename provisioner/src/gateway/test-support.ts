/**
 * Helpers for the gateway tests: real `node:http` servers on 127.0.0.1 ephemeral ports, and a
 * `request` that sends an explicit `Host` (Node's fetch would replace it).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Target } from './types.ts'

/** A response read to the end. */
export interface TestResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * One request to `127.0.0.1:<port>` with `Host: <host>`, on a fresh connection.
 *
 * @throws on a connection error, or after `timeoutMs` (default 5000).
 */
export function request(options: {
  port: number
  host: string
  path?: string
  method?: string
  headers?: http.OutgoingHttpHeaders
  body?: string
  timeoutMs?: number
}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: { ...options.headers, host: options.host },
        agent: false,
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('request timed out')))
    req.on('error', reject)
    req.end(options.body)
  })
}

/** What an echo upstream saw of one request. */
export interface SeenRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
}

/** A running upstream server. */
export interface Upstream {
  name: string
  target: Target
  port: number
  /** Every request it received, in order. */
  seen: SeenRequest[]
  server: http.Server
  close(): Promise<void>
}

/**
 * Starts an upstream on 127.0.0.1 (port 0 → ephemeral). By default it answers every request with
 * `200` and JSON `{ upstream: name, method, url, headers }`.
 */
export async function startUpstream(
  name: string,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  port = 0,
): Promise<Upstream> {
  const seen: SeenRequest[] = []
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    if (handler) {
      handler(req, res)
      return
    }
    const body = JSON.stringify({ upstream: name, method: req.method, url: req.url, headers: req.headers })
    res.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.address() as AddressInfo).port
  return {
    name,
    target: { host: '127.0.0.1', port: bound },
    port: bound,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A port that was free a moment ago (bound, then released): connecting to it is refused. */
export async function unusedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Parses an echo upstream's JSON body. */
export function echoed(response: TestResponse): {
  upstream: string
  method: string
  url: string
  headers: Record<string, string>
} {
  return JSON.parse(response.body) as ReturnType<typeof echoed>
}
