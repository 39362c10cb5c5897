import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DriverError } from '../types.ts'
import { checkCloudflareZone } from './cloudflare.ts'

// The official SDK against a local server speaking Cloudflare's v4 envelope.
const ZONE = '0123456789abcdef0123456789abcdef'
let server: Server
let baseURL = ''
let zoneName = 'lyceum.example'
let refuse: number | undefined
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    res.setHeader('content-type', 'application/json')
    if (refuse) {
      res.statusCode = refuse
      res.end(JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] }))
      return
    }
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === `/client/v4/zones/${ZONE}`) {
      res.end(
        JSON.stringify({ success: true, errors: [], messages: [], result: { id: ZONE, name: zoneName } }),
      )
    } else if (url.pathname === `/client/v4/zones/${ZONE}/dns_records`) {
      res.end(
        JSON.stringify({
          success: true,
          errors: [],
          messages: [],
          result: [],
          result_info: { page: 1, per_page: 5, count: 0, total_count: 0 },
        }),
      )
    } else {
      res.statusCode = 404
      res.end(JSON.stringify({ success: false, errors: [{ code: 7003, message: 'Could not route' }] }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  seen.length = 0
  refuse = undefined
  zoneName = 'lyceum.example'
})

const check = (over: Partial<Parameters<typeof checkCloudflareZone>[0]> = {}) =>
  checkCloudflareZone({
    apiToken: 'cf-token-123',
    zoneId: ZONE,
    rootDomain: 'lyceum.example',
    baseURL,
    ...over,
  })

describe('checkCloudflareZone', () => {
  it('reads the zone and its records with the token', async () => {
    expect(await check()).toEqual({ zoneName: 'lyceum.example' })
    expect(seen.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `GET /client/v4/zones/${ZONE}`,
      `GET /client/v4/zones/${ZONE}/dns_records`,
    ])
    expect(seen[0]?.headers.authorization).toBe('Bearer cf-token-123')
  })

  it('accepts a root domain below the zone', async () => {
    expect(await check({ rootDomain: 'schools.lyceum.example' })).toEqual({ zoneName: 'lyceum.example' })
  })

  it('refuses a zone that does not serve the root domain', async () => {
    zoneName = 'other.example'
    const error = await check().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DriverError)
    expect(error).toMatchObject({ code: 'invalid', retryable: false })
    expect((error as Error).message).toMatch(/is other\.example, which does not serve LYCEUM_ROOT_DOMAIN/)
  })

  it.each([
    [403, /refused the token/],
    [401, /refused the token/],
  ])('names the variables when Cloudflare answers %i', async (status, message) => {
    refuse = status
    const error = await check().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid', retryable: false })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain('CLOUDFLARE_API_TOKEN')
  })

  it('says it is unknown when the zone is not found', async () => {
    const error = await check({ zoneId: 'fedcba9876543210fedcba9876543210' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid' })
    expect((error as Error).message).toMatch(/does not know the zone/)
  })

  it('is retryable when Cloudflare cannot be reached', async () => {
    const error = await check({ baseURL: 'http://127.0.0.1:1/client/v4', timeoutMs: 2_000 }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'unavailable', retryable: true })
  })
})
