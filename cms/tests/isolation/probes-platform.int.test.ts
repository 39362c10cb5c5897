import { readdirSync } from 'node:fs'
import { withClient } from '@lyceum/postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import {
  buildWorld,
  createKey,
  createMember,
  createTenant,
  PASSWORD,
  TINY_PNG,
  unique,
  type World,
} from '../support/world.ts'
import { at, type Caller, docsOf, idsOf, probeClient, restError } from './probe-client.ts'

/**
 * Probes 12–15: platform guarantees. A revoked key is dead for good; the storage quota cannot
 * be exceeded or dodged; the audit log is append-only in the database itself; tenant slugs
 * follow the DNS and reserved-word rules through the API.
 */

let cms: TestCms
let world: World
let client: ReturnType<typeof probeClient>

beforeAll(async () => {
  cms = await startTestCms()
  world = await buildWorld(cms.payload)
  client = probeClient(cms.baseUrl, world)
}, 180_000)
afterAll(() => cms?.close())

describe('probe 12: a revoked key', () => {
  let key: { id: string; apiKey: string }
  let header: Caller

  beforeAll(async () => {
    key = await createKey(cms.payload, 'tenant', world.tenants.A.tenant)
    header = { authorization: `service-keys API-Key ${key.apiKey}` }
  })

  it('works before revocation', async () => {
    const reply = await client.rest(header, 'GET', `tenants/${world.tenants.A.tenant}`)
    expect(reply.status).toBe(200)
    expect(reply.body?.id).toBe(world.tenants.A.tenant)
  })

  it('is refused once the platform sets revokedAt, and reads nothing of A but the public catalog', async () => {
    const revoke = await client.rest('platformKey', 'PATCH', `service-keys/${key.id}?depth=0`, {
      revokedAt: new Date().toISOString(),
    })
    expect(revoke.status).toBe(200)
    const { A } = world.tenants
    for (const path of [
      `tenants/${A.tenant}`,
      'tenants',
      'users',
      'media',
      'lessons',
      'sections',
      `courses/${A.draftCourse}`,
    ]) {
      const reply = await client.rest(header, 'GET', `${path}${path.includes('?') ? '&' : '?'}depth=0`)
      expect([401, 403, 404], path).toContain(reply.status)
      expect(docsOf(reply.body), path).toEqual([])
    }
    // A revoked key authenticates as nobody, so it reads exactly what an anonymous visitor reads:
    // A's published courses (the public catalog), never a draft.
    const courses = await client.rest(header, 'GET', 'courses?limit=1000&depth=0')
    const anonymous = await client.rest('anonymous', 'GET', 'courses?limit=1000&depth=0')
    expect(courses.status).toBe(200)
    expect(new Set(idsOf(courses.body))).toEqual(new Set(idsOf(anonymous.body)))
    expect(idsOf(courses.body)).not.toContain(A.draftCourse)
    const gql = await client.gql(header, 'query($id: String!) { Tenant(id: $id) { name } }', { id: A.tenant })
    expect(gql.data?.Tenant ?? null).toBeNull()
    expect(gql.errorStatus).toBe(403)
  })

  it('stays revoked: clearing revokedAt is a 400, re-enabling the key changes nothing', async () => {
    const clear = await client.rest('platformKey', 'PATCH', `service-keys/${key.id}?depth=0`, {
      revokedAt: null,
    })
    expect(clear.status).toBe(400)
    expect(restError(clear).fields).toEqual([
      { path: 'revokedAt', message: 'A revoked key stays revoked; mint a new key instead.' },
    ])
    const reenable = await client.rest('platformKey', 'PATCH', `service-keys/${key.id}?depth=0`, {
      enableAPIKey: true,
      apiKey: key.apiKey,
    })
    expect(reenable.status).toBe(200)
    expect((await client.rest(header, 'GET', `tenants/${world.tenants.A.tenant}`)).status).toBe(403)
    const row = await withClient(cms.databaseUrl, (c) =>
      c.query<{ revoked_at: Date | null; enable_a_p_i_key: boolean | null; api_key: string | null }>(
        'select revoked_at, enable_a_p_i_key, api_key from service_keys where id = $1',
        [key.id],
      ),
    )
    expect(row.rows[0]?.revoked_at).not.toBeNull()
    expect(row.rows[0]?.enable_a_p_i_key).toBe(false)
    expect(row.rows[0]?.api_key).toBeNull()
  })
})

describe('probe 13: storage quota', () => {
  const LIMIT = 1_500_000
  let tenant: string
  let admin: Caller
  const staticDir = () => {
    const dir = cms.payload.collections.media.config.upload.staticDir
    if (!dir) throw new Error('media has no staticDir')
    return dir
  }
  const mediaCount = async () =>
    (
      await cms.payload.count({
        collection: 'media',
        where: { tenant: { equals: tenant } },
        overrideAccess: true,
      })
    ).totalDocs
  const upload = (name: string, bytes: number) => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(Buffer.alloc(bytes, 'a'))], { type: 'text/plain' }), name)
    form.set('_payload', JSON.stringify({ tenant, alt: name }))
    return client.rest(admin, 'POST', 'media?depth=0', form)
  }

  beforeAll(async () => {
    const code = unique('tiny')
    const plan = await cms.payload.create({
      collection: 'plans',
      data: {
        code,
        name: code,
        priceMinor: 0,
        currency: 'EUR',
        interval: 'month',
        trialDays: 0,
        limits: { seats: 5, storageBytes: LIMIT, courses: 5 },
      },
      overrideAccess: true,
    })
    tenant = await createTenant(cms.payload, plan.id)
    const member = await createMember(cms.payload, tenant, 'admin')
    const { token } = await cms.payload.login({
      collection: 'users',
      data: { email: member.email, password: PASSWORD },
    })
    admin = { authorization: `JWT ${token}` }
  })

  it('an upload within the quota is stored', async () => {
    const reply = await upload(`${unique('within')}.txt`, 600_000)
    expect(reply.status).toBe(201)
    expect(at(reply.body, 'doc', 'filesize')).toBe(600_000)
    expect(await mediaCount()).toBe(1)
  })

  it('an upload over the quota is a 413 naming used, limit and size, and nothing is stored', async () => {
    const files = readdirSync(staticDir()).sort()
    const before = await mediaCount()
    const name = `${unique('over')}.txt`
    const reply = await upload(name, 1_000_000)
    expect(reply.status).toBe(413)
    expect(restError(reply).message).toBe(
      'Storage quota exceeded: this school uses 0.6 MB of 1.5 MB and this file needs 1.0 MB. Delete files or upgrade the plan.',
    )
    expect(await mediaCount()).toBe(before)
    expect(readdirSync(staticDir()).sort()).toEqual(files)
    expect(readdirSync(staticDir())).not.toContain(name)
  })

  it('shrinking a stored file’s filesize through the API does not free quota', async () => {
    const [stored] = (
      await cms.payload.find({
        collection: 'media',
        where: { tenant: { equals: tenant } },
        overrideAccess: true,
      })
    ).docs
    if (!stored) throw new Error('no media')
    const reply = await client.rest(admin, 'PATCH', `media/${stored.id}?depth=0`, {
      filesize: 1,
      mimeType: 'text/html',
      alt: 'renamed',
    })
    expect(reply.status).toBe(200)
    const after = await cms.payload.findByID({
      collection: 'media',
      id: stored.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(after.alt).toBe('renamed')
    expect(after.filesize).toBe(600_000)
    expect(after.mimeType).toBe('text/plain')
    expect((await upload(`${unique('sneak')}.txt`, 1_000_000)).status).toBe(413)
  })

  it('another school with the default plan is not affected', async () => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), `${unique('ok')}.png`)
    form.set('_payload', JSON.stringify({ tenant: world.tenants.A.tenant }))
    expect((await client.rest('adminA', 'POST', 'media?depth=0', form)).status).toBe(201)
  })
})

describe('probe 14: the audit log is append-only', () => {
  const countAudit = () =>
    withClient(cms.databaseUrl, async (c) =>
      Number((await c.query('select count(*) from audit_log')).rows[0]?.count),
    )

  it.each([
    ['UPDATE of every row', () => "update audit_log set action = 'tampered'"],
    [
      'UPDATE of one row',
      () => `update audit_log set actor = 'someone-else' where id = '${world.tenants.A.audit}'`,
    ],
    ['DELETE of every row', () => 'delete from audit_log'],
    ['DELETE of one row', () => `delete from audit_log where id = '${world.tenants.A.audit}'`],
    ['TRUNCATE', () => 'truncate audit_log'],
    ['TRUNCATE … CASCADE', () => 'truncate audit_log cascade'],
  ])('%s in SQL fails in the database itself', async (_name, statement) => {
    const before = await countAudit()
    const error = await withClient(cms.databaseUrl, (c) =>
      c.query(statement()).then(
        () => null,
        (e: Error) => e,
      ),
    )
    // Plain TRUNCATE is stopped first by the foreign keys pointing at the table; with CASCADE, by the trigger.
    expect(error?.message).toMatch(
      /^(audit_log is append-only: (UPDATE|DELETE|TRUNCATE) refused|cannot truncate a table referenced in a foreign key constraint)$/,
    )
    expect(await countAudit()).toBe(before)
    const entry = await cms.payload.findByID({
      collection: 'audit-log',
      id: world.tenants.A.audit,
      overrideAccess: true,
    })
    expect(entry.action).toBe('test.fixture')
    expect(entry.actor).toBe('system')
  })

  it.each(['platformKey', 'superAdmin'] as const)(
    '%s cannot PATCH or DELETE an entry over REST or GraphQL',
    async (role) => {
      const id = world.tenants.A.audit
      expect((await client.rest(role, 'PATCH', `audit-log/${id}`, { action: 'tampered' })).status).toBe(403)
      expect((await client.rest(role, 'DELETE', `audit-log/${id}`)).status).toBe(403)
      const bulkPatch = await client.rest(role, 'PATCH', `audit-log?where[id][equals]=${id}`, {
        action: 'tampered',
      })
      expect(bulkPatch.status).toBe(403)
      const bulkDelete = await client.rest(role, 'DELETE', `audit-log?where[id][equals]=${id}`)
      expect(bulkDelete.status).toBe(403)
      const gql = await client.gql(role, 'mutation($id: String!) { deleteAuditLogEntry(id: $id) { id } }', {
        id,
      })
      expect(gql.errorStatus).toBe(403)
      const entry = await cms.payload.findByID({ collection: 'audit-log', id, overrideAccess: true })
      expect(entry.action).toBe('test.fixture')
    },
  )

  it('even the system (Local API, overrideAccess) cannot change an entry: the database refuses', async () => {
    const attempt = cms.payload.update({
      collection: 'audit-log',
      id: world.tenants.A.audit,
      data: { action: 'tampered' },
      overrideAccess: true,
    })
    await expect(attempt).rejects.toThrow()
    const entry = await cms.payload.findByID({
      collection: 'audit-log',
      id: world.tenants.A.audit,
      overrideAccess: true,
    })
    expect(entry.action).toBe('test.fixture')
  })
})

describe('probe 15: tenant slugs through the API', () => {
  const create = (slug: string) =>
    client.rest('platformKey', 'POST', 'tenants?depth=0', { name: `School ${slug}`, slug, status: 'pending' })
  const RESERVED = 'This address is reserved. Choose another one.'

  it.each([
    ['www', RESERVED],
    ['ADMIN', RESERVED],
    ['billing', RESERVED], // LYCEUM_RESERVED_SLUGS in the test environment
    ['Support', RESERVED],
    ['a', 'Use at least 3 characters.'],
    ['-bad', 'Start and end with a letter or a digit, not a hyphen.'],
    ['bad-', 'Start and end with a letter or a digit, not a hyphen.'],
    ['bad_slug', 'Use only lowercase letters a–z, digits and hyphens.'],
    ['bad.slug', 'Use only lowercase letters a–z, digits and hyphens.'],
    ['x'.repeat(64), 'Use at most 63 characters.'],
  ])('%s → 400 on slug: %s', async (slug, message) => {
    const reply = await create(slug)
    expect(reply.status).toBe(400)
    expect(restError(reply).fields).toEqual([{ path: 'slug', message }])
    const stored = await cms.payload.count({
      collection: 'tenants',
      where: { slug: { equals: slug.toLowerCase() } },
      overrideAccess: true,
    })
    expect(stored.totalDocs).toBe(0)
  })

  it('Good-School is stored as good-school; good-school and GOOD-school again are refused', async () => {
    const first = await create('Good-School')
    expect(first.status).toBe(201)
    expect(at(first.body, 'doc', 'slug')).toBe('good-school')
    for (const again of ['good-school', 'GOOD-school', ' good-school ']) {
      const reply = await create(again)
      expect(reply.status, again).toBe(400)
      expect(restError(reply).fields.map((f) => f.path)).toEqual(['slug'])
    }
    const stored = await cms.payload.count({
      collection: 'tenants',
      where: { slug: { equals: 'good-school' } },
      overrideAccess: true,
    })
    expect(stored.totalDocs).toBe(1)
  })

  it('renaming a slug follows the same rules', async () => {
    const tenant = await createTenant(cms.payload)
    const reply = await client.rest('platformKey', 'PATCH', `tenants/${tenant}?depth=0`, { slug: 'WWW' })
    expect(reply.status).toBe(400)
    expect(restError(reply).fields).toEqual([{ path: 'slug', message: RESERVED }])
  })

  it('over GraphQL, a reserved slug is refused with the same field error', async () => {
    const reply = await client.gql(
      'platformKey',
      'mutation($data: mutationTenantInput!) { createTenant(data: $data) { id } }',
      { data: { name: 'G', slug: 'billing', status: 'pending', locale: 'en' } },
    )
    expect(reply.errorStatus).toBe(400)
    expect(reply.errors[0]?.extensions?.data).toEqual({
      collection: 'tenants',
      errors: [{ path: 'slug', message: RESERVED }],
    })
  })
})
