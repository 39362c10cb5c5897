/**
 * @lyceum/cms-client against a real cms (REST on a fresh migrated database). Fixtures are made
 * with the Local API as the system (`overrideAccess: true`); everything under test goes through
 * the client, with the credentials the hub, the provisioner and the tenant-app use.
 */
import { randomUUID } from 'node:crypto'
import { type CmsClient, CmsError, createCmsClient, type Plan } from '@lyceum/cms-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'

const PASSWORD = 'correct-horse-battery-staple'
// A 1×1 PNG (67 bytes).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

let cms: TestCms
let n = 0
const unique = (prefix: string) => `${prefix}-${++n}-${randomUUID().slice(0, 8)}`

let platform: CmsClient
let tenantA: string
let tenantB: string
let keyA: CmsClient
let adminA: { email: string; id: string }

async function createKey(kind: 'platform' | 'tenant', tenant: string | null): Promise<string> {
  const apiKey = randomUUID()
  await cms.payload.create({
    collection: 'service-keys',
    data: { name: unique(`${kind}-key`), kind, tenant, enableAPIKey: true, apiKey },
    overrideAccess: true,
  })
  return apiKey
}

async function createTenant(plan: string | null = null): Promise<string> {
  const slug = unique('school')
  const tenant = await cms.payload.create({
    collection: 'tenants',
    data: { name: slug, slug, status: 'active', locale: 'en', plan },
    overrideAccess: true,
  })
  return tenant.id
}

const planData = (code: string, overrides: Partial<Plan> = {}) => ({
  code,
  name: `Plan ${code}`,
  priceMinor: 1900,
  currency: 'EUR',
  interval: 'month' as const,
  trialDays: 14,
  limits: { seats: 25, storageBytes: 50_000_000, courses: 10 },
  ...overrides,
})

/** The rejection of `promise`, which must be a CmsError. */
async function failure(promise: Promise<unknown>): Promise<CmsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CmsError)) throw new Error(`expected a CmsError, got ${String(error)}`)
  return error
}

beforeAll(async () => {
  cms = await startTestCms()
  platform = createCmsClient({ baseUrl: cms.baseUrl, auth: { apiKey: await createKey('platform', null) } })
  tenantA = await createTenant()
  tenantB = await createTenant()
  keyA = createCmsClient({ baseUrl: cms.baseUrl, auth: { apiKey: await createKey('tenant', tenantA) } })
  const email = `${unique('admin')}@example.com`
  const user = await cms.payload.create({
    collection: 'users',
    data: { email, password: PASSWORD, name: 'Ada Admin', memberships: [{ tenant: tenantA, role: 'admin' }] },
    overrideAccess: true,
  })
  adminA = { email, id: user.id }
})
afterAll(() => cms?.close())

describe('documents, with the platform key', () => {
  it('creates, reads, counts, updates and deletes a plan', async () => {
    const code = unique('crud')
    const created = await platform.create('plans', planData(code))
    expect(created).toMatchObject({ code, priceMinor: 1900, active: true, sortOrder: 0 })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)

    expect(await platform.findByID('plans', created.id)).toEqual(created)
    expect(await platform.count('plans', { where: { code: { equals: code } } })).toBe(1)

    // A partial group merges with the stored one.
    const updated = await platform.update('plans', created.id, { name: 'Renamed', limits: { seats: 99 } })
    expect(updated).toMatchObject({
      name: 'Renamed',
      limits: { seats: 99, storageBytes: 50_000_000, courses: 10 },
    })

    const deleted = await platform.delete('plans', created.id)
    expect(deleted.id).toBe(created.id)
    expect(await platform.findByID('plans', created.id)).toBeNull()
    const again = await failure(platform.delete('plans', created.id))
    expect([again.code, again.status]).toEqual(['not_found', 404])
    const update = await failure(platform.update('plans', created.id, { name: 'x' }))
    expect(update.code).toBe('not_found')
  })

  it('finds with where, sort, limit and page', async () => {
    const tag = unique('page')
    for (const [i, order] of [3, 1, 2, 5, 4].entries()) {
      await platform.create('plans', planData(`${tag}-${i}`, { sortOrder: order, active: order !== 5 }))
    }
    const where = { and: [{ code: { like: tag } }, { active: { equals: true } }] }
    const first = await platform.find('plans', { where, sort: 'sortOrder', limit: 2, page: 1 })
    expect(first.docs.map((p) => p.sortOrder)).toEqual([1, 2])
    expect(first).toMatchObject({ totalDocs: 4, totalPages: 2, page: 1, hasNextPage: true, nextPage: 2 })
    const second = await platform.find('plans', { where, sort: 'sortOrder', limit: 2, page: 2 })
    expect(second.docs.map((p) => p.sortOrder)).toEqual([3, 4])
    expect(second).toMatchObject({ hasNextPage: false, hasPrevPage: true, prevPage: 1, pagingCounter: 3 })
    const descending = await platform.find('plans', { where, sort: ['-sortOrder'], limit: 0 })
    expect(descending.docs.map((p) => p.sortOrder)).toEqual([4, 3, 2, 1])
    expect(descending.limit).toBe(0) // limit 0: every match on one page

    const or = await platform.find('plans', {
      where: { or: [{ code: { equals: `${tag}-0` } }, { sortOrder: { greater_than_equal: 5 } }] },
      sort: 'sortOrder',
    })
    expect(or.docs.map((p) => p.code)).toEqual(expect.arrayContaining([`${tag}-0`, `${tag}-3`]))
    expect(await platform.count('plans', { where: { code: { in: [`${tag}-1`, `${tag}-2`] } } })).toBe(2)
    expect(
      await platform.count('plans', {
        where: { and: [{ code: { like: tag } }, { code: { not_in: [`${tag}-1`] } }] },
      }),
    ).toBe(4)
  })

  it('reads empty lists as written: in [] and or [] match nothing, not_in [] everything', async () => {
    const total = await platform.count('plans')
    expect(total).toBeGreaterThan(0)
    expect(await platform.count('plans', { where: { id: { in: [] } } })).toBe(0)
    expect(await platform.count('plans', { where: { id: { not_in: [] } } })).toBe(total)
    expect(await platform.count('plans', { where: { or: [] } })).toBe(0)
    // Why the client rewrites `or: []`: the cms on its own reads it as no condition at all.
    const raw = await fetch(`${cms.baseUrl}/api/plans/count?where[or][]=`)
    expect(await raw.json()).toEqual({ totalDocs: total })
  })

  it('reads a long in list exactly: sent as a POST override, up to the parser limits', async () => {
    const plan = await platform.create('plans', planData(unique('long')))
    const ids = [...Array.from({ length: 990 }, () => randomUUID()), plan.id]
    expect(await platform.count('plans', { where: { id: { in: ids } } })).toBe(1)
    const found = await platform.find('plans', { where: { id: { in: ids } }, select: { code: true } })
    expect(found.docs).toEqual([{ id: plan.id, code: plan.code }])
    // The same query in a URL is too long for the server (Node: 16 KiB of request head).
    const url = `${cms.baseUrl}/api/plans/count?${ids.map((id, i) => `where[id][in][${i}]=${id}`).join('&')}`
    expect((await fetch(url)).status).toBe(431)
    await expect(platform.count('plans', { where: { id: { in: [...ids, ...ids] } } })).rejects.toThrow(
      RangeError,
    )
  })

  it('selects fields and populates relationships on request', async () => {
    const plan = await platform.create('plans', planData(unique('sel')))
    const selected = await platform.find('plans', {
      where: { id: { equals: plan.id } },
      select: { code: true, limits: { seats: true } },
    })
    expect(selected.docs).toEqual([{ id: plan.id, code: plan.code, limits: { seats: 25 } }])
    const one = await platform.findByID('plans', plan.id, { select: { name: true } })
    expect(one).toEqual({ id: plan.id, name: plan.name })

    const slug = unique('depth')
    const tenant = await platform.create('tenants', {
      name: slug,
      slug,
      status: 'pending',
      locale: 'en',
      plan: plan.id,
    })
    expect(tenant.plan).toBe(plan.id) // depth 0 by default: ids only
    const shallow = await platform.findByID('tenants', tenant.id)
    expect(shallow?.plan).toBe(plan.id)
    const deep = await platform.findByID('tenants', tenant.id, { depth: 1 })
    expect(deep?.plan).toMatchObject({ id: plan.id, code: plan.code })
    const listed = await platform.find('tenants', { where: { id: { equals: tenant.id } }, depth: 1 })
    expect(typeof listed.docs[0]?.plan).toBe('object')
  })

  it('answers null for a missing id, and for one that is not a UUID', async () => {
    expect(await platform.findByID('plans', randomUUID())).toBeNull()
    expect(await platform.findByID('plans', 'not-a-uuid')).toBeNull()
  })

  it('updates and deletes by where, reporting documents that failed', async () => {
    const tag = unique('bulk')
    const a = await platform.create('plans', planData(`${tag}-a`))
    const b = await platform.create('plans', planData(`${tag}-b`))
    const where = { code: { like: tag } }

    const updated = await platform.updateWhere('plans', where, { trialDays: 30 })
    expect(updated.errors).toEqual([])
    expect(updated.docs.map((d) => d.trialDays)).toEqual([30, 30])

    // trialDays max is 365: every document fails, the cms answers 400 with per-document errors.
    const refused = await platform.updateWhere('plans', where, { trialDays: 9999 })
    expect(refused.docs).toEqual([])
    expect(refused.errors.map((e) => e.id).sort()).toEqual([a.id, b.id].sort())
    expect(refused.errors[0]?.message).toMatch(/Trial Days/)

    const none = await platform.updateWhere('plans', { code: { equals: `${tag}-none` } }, { trialDays: 1 })
    expect(none).toEqual({ docs: [], errors: [] })

    const deleted = await platform.deleteWhere('plans', where)
    expect(deleted.docs.map((d) => d.id).sort()).toEqual([a.id, b.id].sort())
    expect(await platform.count('plans', { where })).toBe(0)
  })
})

describe('errors', () => {
  it('a reserved tenant slug is a validation error on slug', async () => {
    const error = await failure(
      platform.create('tenants', { name: 'W', slug: 'www', status: 'pending', locale: 'en' }),
    )
    expect([error.code, error.status, error.retryable]).toEqual(['validation', 400, false])
    expect(error.fieldErrors).toEqual([
      { path: 'slug', message: 'This address is reserved. Choose another one.' },
    ])
    expect(error.message).toBe('The following field is invalid: slug')
    expect(error.request).toBe('POST /api/tenants')
  })

  it('Payload’s own messages follow the client’s language', async () => {
    const french = createCmsClient({
      baseUrl: cms.baseUrl,
      auth: { apiKey: await createKey('platform', null) },
      language: 'fr',
    })
    const error = await failure(
      french.create('tenants', { name: 'W', slug: 'www', status: 'pending', locale: 'en' }),
    )
    expect(error.message).toMatch(/^Le champ suivant n.est pas valide/)
    expect(error.fieldErrors[0]?.path).toBe('slug')
  })

  it('a duplicate unique value is a validation error (400 on the field), not a conflict', async () => {
    const code = unique('dup')
    await platform.create('plans', planData(code))
    const error = await failure(platform.create('plans', planData(code)))
    expect(error.code).toBe('validation')
    expect(error.fieldErrors).toEqual([{ path: 'code', message: 'Value must be unique' }])
  })

  it('a where on a path that cannot be queried is a validation error naming the path', async () => {
    const error = await failure(platform.find('plans', { where: { nope: { equals: 1 } } }))
    expect(error.code).toBe('validation')
    expect(error.fieldErrors.map((f) => f.path)).toEqual(['nope'])
  })

  it('a wrong API key is not a 401: the cms treats it as anonymous', async () => {
    const wrong = platform.withAuth({ apiKey: randomUUID() })
    expect(await wrong.count('plans')).toBeGreaterThan(0) // public reads work…
    const read = await failure(wrong.count('tenants'))
    expect([read.code, read.status]).toEqual(['forbidden', 403]) // …others are refused…
    const write = await failure(wrong.create('plans', planData(unique('nope'))))
    expect([write.code, write.status]).toEqual(['forbidden', 403]) // …and so are writes
  })

  it('an unreachable cms is a retryable network error', async () => {
    const down = createCmsClient({ baseUrl: 'http://127.0.0.1:1' })
    const error = await failure(down.count('plans'))
    expect([error.code, error.status, error.retryable]).toEqual(['network', 0, true])
  })
})

describe('a tenant key', () => {
  it('reads its own tenant and gets null for another tenant’s id', async () => {
    expect((await keyA.findByID('tenants', tenantA))?.id).toBe(tenantA)
    expect(await keyA.findByID('tenants', tenantB)).toBeNull()
    const all = await keyA.find('tenants', { limit: 0 })
    expect(all.docs.map((t) => t.id)).toEqual([tenantA])
    expect(await keyA.count('tenants', { where: { id: { equals: tenantB } } })).toBe(0)
  })

  it('may not create plans', async () => {
    expect((await failure(keyA.create('plans', planData(unique('key'))))).code).toBe('forbidden')
  })

  it('is nobody to /users/me', async () => {
    expect(await keyA.me()).toBeNull()
  })
})

describe('members', () => {
  it('logs in, reads itself, and logs out (the token then authenticates no one)', async () => {
    const anonymous = createCmsClient({ baseUrl: cms.baseUrl })
    expect(await anonymous.me()).toBeNull()
    const session = await anonymous.login(adminA.email, PASSWORD)
    expect(session.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(session.exp).toBeGreaterThan(Date.now() / 1000)
    expect(session.user).toMatchObject({ id: adminA.id, email: adminA.email })
    expect(session.user).not.toHaveProperty('hash')

    const member = anonymous.withAuth({ token: session.token })
    const me = await member.me()
    expect(me).toMatchObject({
      id: adminA.id,
      email: adminA.email,
      memberships: [{ tenant: tenantA, role: 'admin' }],
    })
    const populated = await member.me({ depth: 1 })
    expect(populated?.memberships?.[0]?.tenant).toMatchObject({ id: tenantA })
    expect(await member.findByID('tenants', tenantA)).not.toBeNull()
    expect(await member.findByID('tenants', tenantB)).toBeNull()

    await member.logout()
    expect(await member.me()).toBeNull()
    const after = await failure(member.findByID('tenants', tenantA))
    expect([after.code, after.status]).toEqual(['forbidden', 403]) // anonymous now, not 401
  })

  it('a wrong password is unauthorized, with the cms message', async () => {
    const error = await failure(
      createCmsClient({ baseUrl: cms.baseUrl }).login(adminA.email, 'wrong-password'),
    )
    expect([error.code, error.status]).toEqual(['unauthorized', 401])
    expect(error.message).toBe('The email or password provided is incorrect.')
  })
})

describe('uploads, as a school admin', () => {
  let admin: CmsClient
  beforeAll(async () => {
    const { token } = await createCmsClient({ baseUrl: cms.baseUrl }).login(adminA.email, PASSWORD)
    admin = createCmsClient({ baseUrl: cms.baseUrl, auth: { token } })
  })

  it('uploads a PNG and a text file to media', async () => {
    const png = await admin.upload(
      'media',
      { data: new Uint8Array(PNG), filename: 'dot.png', mimeType: 'image/png' },
      { tenant: tenantA, alt: 'A dot' },
    )
    expect(png).toMatchObject({
      tenant: tenantA,
      alt: 'A dot',
      filename: 'dot.png',
      mimeType: 'image/png',
      filesize: PNG.length,
    })
    expect(png.width).toBe(1)
    expect(await admin.findByID('media', png.id)).toMatchObject({ id: png.id, filename: 'dot.png' })

    const text = await admin.upload(
      'media',
      { data: new Blob(['hello, world\n']), filename: 'notes.txt', mimeType: 'text/plain' },
      { tenant: tenantA },
    )
    expect(text).toMatchObject({ mimeType: 'text/plain', filesize: 13 })
  })

  it('refuses an upload into another school', async () => {
    const error = await failure(
      admin.upload(
        'media',
        { data: new Uint8Array(PNG), filename: 'x.png', mimeType: 'image/png' },
        { tenant: tenantB },
      ),
    )
    expect(error.code).toBe('forbidden')
  })

  it('refuses a file type the collection does not take', async () => {
    const error = await failure(
      admin.upload(
        'media',
        { data: new TextEncoder().encode('<html></html>'), filename: 'page.html', mimeType: 'text/html' },
        { tenant: tenantA },
      ),
    )
    expect(error.code).toBe('validation')
  })

  it('a file past the storage quota is payload_too_large, with the cms message', async () => {
    const tiny = await platform.create(
      'plans',
      planData(unique('tiny'), { limits: { seats: 1, storageBytes: 100, courses: 1 } }),
    )
    const school = await createTenant(tiny.id)
    const email = `${unique('quota')}@example.com`
    await cms.payload.create({
      collection: 'users',
      data: { email, password: PASSWORD, memberships: [{ tenant: school, role: 'admin' }] },
      overrideAccess: true,
    })
    const { token } = await createCmsClient({ baseUrl: cms.baseUrl }).login(email, PASSWORD)
    const error = await failure(
      admin
        .withAuth({ token })
        .upload(
          'media',
          { data: new Uint8Array(500), filename: 'big.txt', mimeType: 'text/plain' },
          { tenant: school },
        ),
    )
    expect([error.code, error.status, error.retryable]).toEqual(['payload_too_large', 413, false])
    expect(error.message).toMatch(/^Storage quota exceeded/)
  })
})

describe('the host option', () => {
  it('reaches the cms through the node:http transport with the given Host', async () => {
    const viaGateway = createCmsClient({
      baseUrl: cms.baseUrl,
      host: 'cms.localhost:8080',
      auth: { apiKey: await createKey('platform', null) },
      userAgent: 'lyceum-test',
    })
    const plan = await viaGateway.create('plans', planData(unique('host')))
    expect(await viaGateway.findByID('plans', plan.id)).toEqual(plan)
    const { token } = await viaGateway.login(adminA.email, PASSWORD)
    const uploaded = await viaGateway
      .withAuth({ token })
      .upload(
        'media',
        { data: new Uint8Array(PNG), filename: 'gw.png', mimeType: 'image/png' },
        { tenant: tenantA },
      )
    expect(uploaded.filename).toBe('gw.png')
  })
})
