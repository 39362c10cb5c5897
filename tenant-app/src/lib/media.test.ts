import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CmsError } from '@lyceum/cms-client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const env = {
  LYCEUM_TENANT_SLUG: 'northwind',
  LYCEUM_CMS_URL: '',
  LYCEUM_CMS_HOST: undefined as string | undefined,
  LYCEUM_TENANT_API_KEY: 'tenant-key-0123456789',
}
vi.mock('../env.ts', () => ({ getEnv: () => env }))
vi.mock('./cms.ts', () => ({ cms: () => ({}) }))

const { fetchMediaFile } = await import('./media.ts')

// A stand-in for the cms file endpoint: records what it was sent, answers by path.
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = []
let server: Server
let origin = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers })
    if (req.url?.endsWith('/missing.png')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[]}')
      return
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': '4', 'x-internal': 'no' }).end('PNG!')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('fetchMediaFile', () => {
  it('asks the cms with the tenant key and streams the file, relaying only safe headers', async () => {
    env.LYCEUM_CMS_URL = origin
    env.LYCEUM_CMS_HOST = undefined
    const file = await fetchMediaFile('cover image (1).png')
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(file.headers.get('x-internal')).toBeNull()
    expect(await new Response(file.body).text()).toBe('PNG!')
    const request = seen.at(-1)
    expect(request?.url).toBe('/api/media/file/cover%20image%20(1).png')
    expect(request?.headers.authorization).toBe('service-keys API-Key tenant-key-0123456789')
    expect(request?.headers.host).toBe(origin.slice('http://'.length))
  })

  it('sends LYCEUM_CMS_HOST as the Host header and keeps a path prefix of the cms URL', async () => {
    env.LYCEUM_CMS_URL = `${origin}/cms`
    env.LYCEUM_CMS_HOST = 'cms.localhost:8080'
    await fetchMediaFile('logo.png')
    expect(seen.at(-1)?.url).toBe('/cms/api/media/file/logo.png')
    expect(seen.at(-1)?.headers.host).toBe('cms.localhost:8080')
  })

  it('reports a missing file by its status, without a body', async () => {
    env.LYCEUM_CMS_URL = origin
    env.LYCEUM_CMS_HOST = undefined
    expect(await fetchMediaFile('missing.png')).toMatchObject({ status: 404, body: null })
  })

  it('fails as a CmsError "network" when the cms cannot be reached', async () => {
    env.LYCEUM_CMS_URL = 'http://127.0.0.1:1'
    const error = await fetchMediaFile('logo.png').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CmsError)
    expect(error).toMatchObject({ code: 'network', status: 0 })
  })
})
