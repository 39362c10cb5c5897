import http from 'node:http'

export type Reply = { status: number; body: string }

/**
 * One HTTP request to 127.0.0.1 with node:http; resolves with status and body, rejects on a
 * socket error or after `timeoutMs`.
 */
export function request(opts: {
  port: number
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  agent?: http.Agent | false
  timeoutMs?: number
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json'
      headers['content-length'] = String(Buffer.byteLength(opts.body))
    }
    const req = http.request(
      {
        host: '127.0.0.1',
        port: opts.port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers,
        agent: opts.agent ?? false,
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 30_000} ms`)))
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** `POST /api/users/login` → the JWT. */
export async function login(port: number, email: string, password: string): Promise<string> {
  const reply = await request({
    port,
    path: '/api/users/login',
    method: 'POST',
    body: JSON.stringify({ email, password }),
  })
  const token = reply.status === 200 ? (JSON.parse(reply.body) as { token?: string }).token : undefined
  if (!token) throw new Error(`login of ${email} failed: HTTP ${reply.status} ${reply.body.slice(0, 300)}`)
  return token
}
