import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCmsClient } from './client.ts'
import { CmsError } from './errors.ts'
import { createHostFetch } from './host-fetch.ts'

// A real HTTP server standing in for the gateway: it reports what arrived on the wire.
type Arrived = {
  method: string
  url: string
  host: string | undefined
  headers: IncomingMessage['headers']
  body: string
}
let server: Server
let origin: string
const arrived: Arrived[] = []
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>()

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      arrived.push({
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname)
      if (route) return route(req, res)
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ totalDocs: 3 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('createHostFetch', () => {
  it('sends the given Host, which Node’s own fetch would replace', async () => {
    await fetch(`${origin}/plain`, { headers: { host: 'cms.localhost:8080' } })
    expect(arrived.at(-1)?.host).toBe(origin.slice('http://'.length)) // why this transport exists
    const response = await createHostFetch('cms.localhost:8080')(`${origin}/api/plans/count?x=1`, {
      headers: { accept: 'application/json', host: 'ignored' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ totalDocs: 3 })
    expect(arrived.at(-1)).toMatchObject({
      method: 'GET',
      url: '/api/plans/count?x=1',
      host: 'cms.localhost:8080',
    })
    expect(arrived.at(-1)?.headers['accept-encoding']).toBe('identity')
  })

  it('sends JSON and multipart bodies with their length and type', async () => {
    const send = createHostFetch('cms.localhost')
    await send(`${origin}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'é' }),
    })
    expect(arrived.at(-1)).toMatchObject({ method: 'POST', body: '{"name":"é"}' })
    expect(arrived.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"é"}')))
    const form = new FormData()
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt')
    form.append('_payload', '{"alt":"A"}')
    await send(`${origin}/upload`, { method: 'POST', body: form })
    const last = arrived.at(-1)
    expect(last?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(last?.body).toContain('filename="a.txt"')
    expect(last?.body).toContain('hello')
    expect(last?.body).toContain('{"alt":"A"}')
  })

  it('passes status, headers and a null body for 204', async () => {
    routes.set('/empty', (_req, res) => {
      res.statusCode = 204
      res.setHeader('x-test', 'yes')
      res.end()
    })
    const response = await createHostFetch('h')(`${origin}/empty`, {})
    expect(response.status).toBe(204)
    expect(response.headers.get('x-test')).toBe('yes')
    expect(await response.text()).toBe('')
  })

  it('rejects with the signal’s reason when aborted before the answer', async () => {
    routes.set('/slow', () => {}) // never answers
    const error = await createHostFetch('h')(`${origin}/slow`, { signal: AbortSignal.timeout(30) }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe('TimeoutError')
  })

  it('errors the body with the signal’s reason when aborted while reading', async () => {
    routes.set('/trickle', (_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.write('{"docs":[')
    })
    const response = await createHostFetch('h')(`${origin}/trickle`, { signal: AbortSignal.timeout(50) })
    const error = await response.text().catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
  })

  it('rejects when nothing listens', async () => {
    await expect(createHostFetch('h')('http://127.0.0.1:1/', {})).rejects.toThrow(/ECONNREFUSED/)
  })
})

describe('createCmsClient with host and no fetch', () => {
  it('uses the host transport end to end', async () => {
    const cms = createCmsClient({ baseUrl: origin, host: 'cms.localhost:8080', auth: { apiKey: 'k' } })
    expect(await cms.count('plans')).toBe(3)
    expect(arrived.at(-1)).toMatchObject({ url: '/api/plans/count', host: 'cms.localhost:8080' })
    expect(arrived.at(-1)?.headers.authorization).toBe('service-keys API-Key k')
  })

  it('maps its failures like fetch’s: timeout and network', async () => {
    const slow = createCmsClient({ baseUrl: origin, host: 'cms.localhost', timeoutMs: 30 })
    routes.set('/api/plans', () => {})
    const timeout = await slow.find('plans').catch((e: unknown) => e)
    expect(timeout instanceof CmsError && timeout.code).toBe('timeout')
    const down = createCmsClient({ baseUrl: 'http://127.0.0.1:1', host: 'cms.localhost' })
    const network = await down.count('plans').catch((e: unknown) => e)
    expect(network instanceof CmsError && network.code).toBe('network')
  })
})
