import { describe, expect, it } from 'vitest'
import { type CmsClientOptions, createCmsClient } from './client.ts'
import { CmsError } from './errors.ts'
import type { CmsFetch } from './transport.ts'

// The fake is the server side: it records each request and answers like the cms would.
type Seen = { url: URL; method: string; headers: Headers; body: RequestInit['body'] }
type Handler = (seen: Seen, init: RequestInit) => Response | Promise<Response>

function fakeCms(handler: Handler = () => json(200, {})) {
  const seen: Seen[] = []
  const fetch: CmsFetch = async (input, init = {}) => {
    const request = {
      url: new URL(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
    }
    seen.push(request)
    return handler(request, init)
  }
  return { seen, fetch, last: () => seen.at(-1) as Seen }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

const BASE = 'http://cms.test'
const plan = { id: 'p1', code: 'basic', name: 'Basic' }
const page = (docs: unknown[]) => ({
  docs,
  totalDocs: docs.length,
  limit: 10,
  totalPages: 1,
  page: 1,
  pagingCounter: 1,
  hasPrevPage: false,
  hasNextPage: false,
  prevPage: null,
  nextPage: null,
})

function client(handler?: Handler, options: Partial<CmsClientOptions> = {}) {
  const server = fakeCms(handler)
  return { server, cms: createCmsClient({ baseUrl: BASE, fetch: server.fetch, ...options }) }
}

async function failure(promise: Promise<unknown>): Promise<CmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CmsError)) throw new Error(`expected a CmsError, got ${String(error)}`)
  return error
}

describe('credentials and headers', () => {
  it.each([
    ['a service key', { apiKey: 'k-123' }, 'service-keys API-Key k-123'],
    ['a member token', { token: 'jwt.abc' }, 'JWT jwt.abc'],
    ['null', null, null],
    ['nothing', undefined, null],
  ] as const)('sends %s as Authorization', async (_label, auth, expected) => {
    const { cms, server } = client(() => json(200, { totalDocs: 0 }), { auth })
    await cms.count('plans')
    expect(server.last().headers.get('authorization')).toBe(expected)
  })

  it('refuses an empty credential, which the cms would read as anonymous', () => {
    expect(() => createCmsClient({ baseUrl: BASE, auth: { apiKey: ' ' } })).toThrow(TypeError)
    expect(() => createCmsClient({ baseUrl: BASE, auth: { token: '' } })).toThrow(TypeError)
  })

  it('sends Host, User-Agent, Accept-Language and Accept when configured', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 1 }), {
      host: 'cms.localhost:8080',
      userAgent: 'lyceum-hub/1.0',
      language: 'fr',
    })
    await cms.count('plans')
    const { headers, url } = server.last()
    expect(headers.get('host')).toBe('cms.localhost:8080')
    expect(headers.get('user-agent')).toBe('lyceum-hub/1.0')
    expect(headers.get('accept-language')).toBe('fr')
    expect(headers.get('accept')).toBe('application/json')
    expect(url.origin).toBe(BASE)
  })

  it('sends no Host, User-Agent or Accept-Language by default', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 1 }))
    await cms.count('plans')
    expect(server.last().headers.get('host')).toBeNull()
    expect(server.last().headers.get('user-agent')).toBeNull()
    expect(server.last().headers.get('accept-language')).toBeNull()
  })

  it('withAuth keeps the other options and changes only the credential', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 0 }), {
      auth: { apiKey: 'tenant-key' },
      host: 'cms.localhost:8080',
    })
    const asMember = cms.withAuth({ token: 'member.jwt' })
    await asMember.count('courses')
    await cms.count('courses')
    await cms.withAuth(null).count('courses')
    expect(server.seen.map((s) => s.headers.get('authorization'))).toEqual([
      'JWT member.jwt',
      'service-keys API-Key tenant-key',
      null,
    ])
    expect(server.seen.map((s) => s.headers.get('host'))).toEqual(Array(3).fill('cms.localhost:8080'))
  })

  it('does not send its credential with login', async () => {
    const { cms, server } = client(() => json(200, { token: 't', exp: 1_900_000_000, user: { id: 'u1' } }), {
      auth: { apiKey: 'k' },
    })
    await cms.login('a@b.c', 'pw')
    expect(server.last().headers.get('authorization')).toBeNull()
  })
})

describe('requests', () => {
  it('find with limit 0 and no match: Payload leaves out `limit`, read as 0 (no limit)', async () => {
    const { limit: _limit, ...envelope } = page([])
    const { cms } = client(() => json(200, { ...envelope, page: undefined, totalPages: 1 }))
    const result = await cms.find('plans', { limit: 0 })
    expect(result).toMatchObject({ docs: [], totalDocs: 0, limit: 0 })
  })

  it('find: GET /api/<slug> with where, limit, page, sort, depth 0 by default, select', async () => {
    const { cms, server } = client(() => json(200, page([plan])))
    const result = await cms.find('plans', {
      where: { and: [{ active: { equals: true } }, { priceMinor: { greater_than: 0 } }] },
      limit: 5,
      page: 2,
      sort: ['sortOrder', '-name'],
      select: { name: true },
    })
    expect(result.docs).toEqual([plan])
    const { url, method } = server.last()
    expect(method).toBe('GET')
    expect(url.pathname).toBe('/api/plans')
    expect(decodeURIComponent(url.search)).toBe(
      '?where[and][0][active][equals]=true&where[and][1][priceMinor][greater_than]=0' +
        '&limit=5&page=2&sort=sortOrder,-name&depth=0&select[name]=true',
    )
  })

  it('find: sends only depth when there is no query, and the given depth when asked', async () => {
    const { cms, server } = client(() => json(200, page([])))
    await cms.find('tenants')
    expect(server.last().url.search).toBe('?depth=0')
    await cms.find('tenants', { depth: 2 })
    expect(server.last().url.search).toBe('?depth=2')
  })

  it('find: an empty or is sent as a condition that matches nothing', async () => {
    const { cms, server } = client(() => json(200, page([])))
    await cms.find('plans', { where: { or: [] } })
    expect(decodeURIComponent(server.last().url.search)).toBe('?where[or][0][id][in][]=&depth=0')
  })

  it('find: refuses a malformed where before sending anything', async () => {
    const { cms, server } = client()
    // @ts-expect-error a bare value is not an operator object
    await expect(cms.find('plans', { where: { code: 'basic' } })).rejects.toThrow(TypeError)
    expect(server.seen).toHaveLength(0)
  })

  it('find and count: a long query goes as a POST override with an urlencoded body', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 2 }), { auth: { apiKey: 'k' } })
    const ids = Array.from(
      { length: 100 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    )
    expect(await cms.count('plans', { where: { id: { in: ids } } })).toBe(2)
    const { method, url, headers, body } = server.last()
    expect([method, url.pathname, url.search]).toEqual(['POST', '/api/plans/count', ''])
    expect(headers.get('x-payload-http-method-override')).toBe('GET')
    expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(headers.get('authorization')).toBe('service-keys API-Key k')
    expect(body).toBe(ids.map((id, i) => `where[id][in][${i}]=${id}`).join('&'))
  })

  it('a short query stays in the URL of a GET', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 2 }))
    await cms.count('plans', { where: { id: { in: ['a', 'b'] } } })
    expect(server.last().method).toBe('GET')
    expect(server.last().headers.get('x-payload-http-method-override')).toBeNull()
  })

  it('a write with a very long where is refused before sending (no override exists for it)', async () => {
    const { cms, server } = client()
    const ids = Array.from(
      { length: 300 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    )
    await expect(cms.deleteWhere('plans', { id: { in: ids } })).rejects.toThrow(RangeError)
    await expect(cms.updateWhere('plans', { id: { in: ids } }, { active: false })).rejects.toThrow(
      /Split the where/,
    )
    expect(server.seen).toHaveLength(0)
  })

  it('findByID: GET /api/<slug>/<id>, the id encoded', async () => {
    const { cms, server } = client(() => json(200, plan))
    expect(await cms.findByID('plans', 'p/1', { select: { code: true } })).toEqual(plan)
    expect(server.last().url.pathname).toBe('/api/plans/p%2F1')
    expect(decodeURIComponent(server.last().url.search)).toBe('?depth=0&select[code]=true')
  })

  it('findByID: 404 is null (missing and foreign ids look the same)', async () => {
    const { cms } = client(() => json(404, { errors: [{ message: 'Not Found' }] }))
    expect(await cms.findByID('tenants', 'other-tenant')).toBeNull()
  })

  it('findByID: other errors are thrown', async () => {
    const { cms } = client(() => json(403, { errors: [{ message: 'No.' }] }))
    expect((await failure(cms.findByID('tenants', 't1'))).code).toBe('forbidden')
  })

  it('findByID and update refuse an empty id (it would address the collection)', async () => {
    const { cms, server } = client()
    await expect(cms.findByID('plans', '')).rejects.toThrow(TypeError)
    await expect(cms.update('plans', '', { name: 'x' })).rejects.toThrow(TypeError)
    expect(server.seen).toHaveLength(0)
  })

  it('count: GET /api/<slug>/count with where', async () => {
    const { cms, server } = client(() => json(200, { totalDocs: 7 }))
    expect(await cms.count('courses', { where: { tenant: { equals: 't1' } } })).toBe(7)
    expect(server.last().url.pathname).toBe('/api/courses/count')
    expect(decodeURIComponent(server.last().url.search)).toBe('?where[tenant][equals]=t1')
  })

  it('create: POST JSON, answers the doc of { doc, message }', async () => {
    const { cms, server } = client(() => json(201, { doc: plan, message: 'Plan successfully created.' }))
    const data = {
      code: 'basic',
      name: 'Basic',
      priceMinor: 900,
      currency: 'EUR',
      interval: 'month' as const,
      trialDays: 14,
      limits: { seats: 10, storageBytes: 1_000_000, courses: 3 },
    }
    expect(await cms.create('plans', data)).toEqual(plan)
    const { method, url, headers, body } = server.last()
    expect([method, url.pathname, url.search]).toEqual(['POST', '/api/plans', '?depth=0'])
    expect(headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(String(body))).toEqual(data)
  })

  it('update: PATCH /api/<slug>/<id> with partial data (groups too)', async () => {
    const { cms, server } = client(() => json(200, { doc: plan, message: 'Updated successfully.' }))
    await cms.update('plans', 'p1', { limits: { seats: 20 } }, { depth: 1 })
    const { method, url, body } = server.last()
    expect([method, url.pathname, url.search]).toEqual(['PATCH', '/api/plans/p1', '?depth=1'])
    expect(JSON.parse(String(body))).toEqual({ limits: { seats: 20 } })
  })

  it('delete: DELETE /api/<slug>/<id>, answers the deleted doc', async () => {
    const { cms, server } = client(() => json(200, { doc: plan, message: 'Deleted successfully.' }))
    expect(await cms.delete('plans', 'p1')).toEqual(plan)
    expect([server.last().method, server.last().url.pathname]).toEqual(['DELETE', '/api/plans/p1'])
    expect(server.last().body).toBeUndefined()
  })

  it('updateWhere: PATCH /api/<slug>?where=…, answers docs and errors', async () => {
    const { cms, server } = client(() => json(200, { docs: [plan], errors: [], message: 'Updated 1 Plan.' }))
    expect(await cms.updateWhere('plans', { code: { in: ['basic'] } }, { active: false })).toEqual({
      docs: [plan],
      errors: [],
    })
    const { method, url, body } = server.last()
    expect(method).toBe('PATCH')
    expect(decodeURIComponent(url.search)).toBe('?where[code][in][0]=basic&depth=0')
    expect(JSON.parse(String(body))).toEqual({ active: false })
  })

  it('updateWhere: a 400 with per-document errors resolves (some documents may have changed)', async () => {
    const { cms } = client(() =>
      json(400, {
        docs: [plan],
        errors: [{ id: 'p2', isPublic: true, message: 'The following field is invalid: Trial Days' }],
        message: 'Unable to update 1 out of 2 Plans.',
      }),
    )
    expect(await cms.updateWhere('plans', { active: { equals: true } }, { trialDays: 9 })).toEqual({
      docs: [plan],
      errors: [{ id: 'p2', message: 'The following field is invalid: Trial Days' }],
    })
  })

  it('updateWhere: a 400 without per-document results is thrown', async () => {
    const { cms } = client(() =>
      json(400, { errors: [{ message: "Missing 'where' query of documents to update." }] }),
    )
    const error = await failure(cms.updateWhere('plans', { a: { equals: 1 } }, { active: false }))
    expect(error.code).toBe('validation')
    expect(error.message).toBe("Missing 'where' query of documents to update.")
  })

  it('updateWhere and deleteWhere refuse an empty where', async () => {
    const { cms, server } = client()
    await expect(cms.updateWhere('plans', {}, { active: false })).rejects.toThrow(/non-empty where/)
    await expect(cms.deleteWhere('plans', { a: undefined })).rejects.toThrow(/non-empty where/)
    expect(server.seen).toHaveLength(0)
  })

  it('deleteWhere: DELETE /api/<slug>?where=…', async () => {
    const { cms, server } = client(() => json(200, { docs: [plan], errors: [], message: 'Deleted 1 Plan.' }))
    expect((await cms.deleteWhere('plans', { code: { equals: 'basic' } })).docs).toEqual([plan])
    expect(server.last().method).toBe('DELETE')
    expect(decodeURIComponent(server.last().url.search)).toBe('?where[code][equals]=basic&depth=0')
  })

  it('upload: multipart with the file and _payload', async () => {
    const media = { id: 'm1', filename: 'a.txt', mimeType: 'text/plain' }
    const { cms, server } = client(() => json(201, { doc: media, message: 'Media successfully created.' }))
    const data = new TextEncoder().encode('hello')
    expect(
      await cms.upload(
        'media',
        { data, filename: 'a.txt', mimeType: 'text/plain' },
        { tenant: 't1', alt: 'A' },
      ),
    ).toEqual(media)
    const { method, url, headers, body } = server.last()
    expect([method, url.pathname]).toEqual(['POST', '/api/media'])
    expect(headers.get('content-type')).toBeNull() // fetch sets multipart/form-data with its boundary
    if (!(body instanceof FormData)) throw new Error('expected FormData')
    const file = body.get('file')
    if (!(file instanceof File)) throw new Error('expected a File')
    expect([file.name, file.type, await file.text()]).toEqual(['a.txt', 'text/plain', 'hello'])
    expect(JSON.parse(String(body.get('_payload')))).toEqual({ tenant: 't1', alt: 'A' })
  })

  it('upload: a Blob gets the given MIME type', async () => {
    const { cms, server } = client(() => json(201, { doc: { id: 'm1' }, message: '' }))
    await cms.upload(
      'media',
      { data: new Blob(['x']), filename: 'x.png', mimeType: 'image/png' },
      { tenant: 't1' },
    )
    const file = (server.last().body as FormData).get('file')
    expect(file instanceof File && file.type).toBe('image/png')
  })

  it('login: POST /api/users/login, answers token, user and exp', async () => {
    const user = { id: 'u1', email: 'a@b.c' }
    const { cms, server } = client(() =>
      json(200, { message: 'Auth Passed', token: 'jwt', exp: 1_900_000_000, user }),
    )
    expect(await cms.login('a@b.c', 'secret')).toEqual({ token: 'jwt', exp: 1_900_000_000, user })
    expect([server.last().method, server.last().url.pathname, server.last().url.search]).toEqual([
      'POST',
      '/api/users/login',
      '?depth=0',
    ])
    expect(JSON.parse(String(server.last().body))).toEqual({ email: 'a@b.c', password: 'secret' })
  })

  it('login: a wrong password is unauthorized, with the cms message', async () => {
    const { cms } = client(() =>
      json(401, { errors: [{ message: 'The email or password provided is incorrect.' }] }),
    )
    const error = await failure(cms.login('a@b.c', 'wrong'))
    expect([error.code, error.status, error.message]).toEqual([
      'unauthorized',
      401,
      'The email or password provided is incorrect.',
    ])
  })

  it('me: the user at depth 0 unless asked, or null', async () => {
    const { cms, server } = client(() =>
      json(200, { user: { id: 'u1' }, collection: 'users', message: 'Account' }),
    )
    expect(await cms.me()).toEqual({ id: 'u1' })
    expect([server.last().url.pathname, server.last().url.search]).toEqual(['/api/users/me', '?depth=0'])
    await cms.me({ depth: 1 })
    expect(server.last().url.search).toBe('?depth=1')
    const anonymous = client(() => json(200, { user: null, message: 'Account' }))
    expect(await anonymous.cms.me()).toBeNull()
  })

  it('logout: POST /api/users/logout', async () => {
    const { cms, server } = client(() => json(200, { message: 'Logged out successfully.' }), {
      auth: { token: 't' },
    })
    await cms.logout()
    expect([server.last().method, server.last().url.pathname]).toEqual(['POST', '/api/users/logout'])
  })

  it('keeps a path prefix of the base URL and drops a trailing slash', async () => {
    const server = fakeCms(() => json(200, { totalDocs: 0 }))
    const cms = createCmsClient({ baseUrl: 'https://example.com/cms/', fetch: server.fetch })
    expect(cms.baseUrl).toBe('https://example.com/cms')
    await cms.count('plans')
    expect(server.last().url.href).toBe('https://example.com/cms/api/plans/count')
  })

  it.each(['cms.localhost', 'ftp://x', 'http://x/?a=1'])('refuses the base URL %s', (baseUrl) => {
    expect(() => createCmsClient({ baseUrl })).toThrow(TypeError)
  })

  it.each([0, -1, Number.NaN])('refuses timeoutMs %s', (timeoutMs) => {
    expect(() => createCmsClient({ baseUrl: BASE, timeoutMs })).toThrow(TypeError)
  })
})

describe('failures', () => {
  it('maps an error status to a CmsError with field errors and the request', async () => {
    const { cms } = client(() =>
      json(400, {
        errors: [
          {
            name: 'ValidationError',
            message: 'The following field is invalid: slug',
            data: { collection: 'tenants', errors: [{ path: 'slug', message: 'This address is reserved.' }] },
          },
        ],
      }),
    )
    const error = await failure(
      cms.create('tenants', { name: 'W', slug: 'www', status: 'pending', locale: 'en' }),
    )
    expect(error.code).toBe('validation')
    expect(error.fieldErrors).toEqual([{ path: 'slug', message: 'This address is reserved.' }])
    expect(error.request).toBe('POST /api/tenants')
    expect(error.retryable).toBe(false)
  })

  it('a timeout before the answer is CmsError timeout, retryable', async () => {
    const { cms } = client(
      (_seen, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        }),
      { timeoutMs: 20 },
    )
    const error = await failure(cms.find('plans'))
    expect([error.code, error.status, error.retryable]).toEqual(['timeout', 0, true])
    expect(error.message).toMatch(/0.02 s/)
    expect(error.cause).toBeInstanceOf(DOMException)
  })

  it('a timeout while the body is being read is CmsError timeout too', async () => {
    const { cms } = client(
      (_seen, init) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"docs":['))
              init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason))
            },
          }),
          { status: 200 },
        ),
      { timeoutMs: 20 },
    )
    expect((await failure(cms.find('plans'))).code).toBe('timeout')
  })

  it('a network failure is CmsError network, retryable, with the cause kept', async () => {
    const cause = new TypeError('fetch failed')
    const { cms } = client(() => Promise.reject(cause))
    const error = await failure(cms.count('plans'))
    expect([error.code, error.status, error.retryable, error.cause]).toEqual(['network', 0, true, cause])
    expect(error.message).toMatch(/cannot be reached/)
  })

  const badBodies: Array<[label: string, status: number, body: string]> = [
    ['a 200 that is not JSON', 200, '<html>gateway</html>'],
    ['an empty 200', 200, ''],
    ['a page without totalDocs', 200, JSON.stringify({ docs: [] })],
    ['a doc without an id', 200, JSON.stringify({ ...page([{ code: 'x' }]) })],
    ['a doc with a numeric id', 200, JSON.stringify({ ...page([{ id: 1 }]) })],
    ['docs that are not an array', 200, JSON.stringify({ ...page([]), docs: {} })],
  ]

  it.each(badBodies)('%s is CmsError bad_response', async (_label, status, body) => {
    const { cms } = client(() => new Response(body, { status }))
    const error = await failure(cms.find('plans'))
    expect([error.code, error.status, error.retryable]).toEqual(['bad_response', status, false])
  })

  it('bad_response for each envelope', async () => {
    const ok = (body: unknown) => client(() => json(200, body)).cms
    expect((await failure(ok({ total: 1 }).count('plans'))).code).toBe('bad_response')
    expect((await failure(ok({ id: 'p1' }).create('plans', {} as never))).code).toBe('bad_response')
    expect((await failure(ok({ doc: { id: 'p1' } }).findByID('plans', 'p1'))).code).toBe('bad_response')
    expect((await failure(ok({ token: 't', user: { id: 'u' } }).login('a', 'b'))).code).toBe('bad_response')
    expect((await failure(ok({ message: 'Account' }).me())).code).toBe('bad_response')
    expect((await failure(ok({ docs: [] }).deleteWhere('plans', { a: { exists: true } }))).code).toBe(
      'bad_response',
    )
  })
})
