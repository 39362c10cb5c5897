import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import { buildWorld, createCourse, ROLES, type Role, type World } from '../support/world.ts'
import { at, type Doc, docsOf, idsOf, normalised, probeClient, refId, userIdOf } from './probe-client.ts'

/**
 * Probes 7–8 and Payload's own collections: versions, `payload-preferences`,
 * `payload-locked-documents`, `payload-kv`, `payload-migrations`. These come with Payload, not
 * with Lyceum's access rules, so each is held to the same promise as the rest: nothing of
 * another school is seen or changed.
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

const versionIdsOf = async (collection: 'courses' | 'lessons', parent: string) => {
  const res = await cms.payload.findVersions({
    collection,
    where: { parent: { equals: parent } },
    sort: 'createdAt',
    pagination: false,
    overrideAccess: true,
  })
  return res.docs.map((d) => String(d.id))
}

describe('probe 7: versions', () => {
  const cases = [
    ['courses', (t: World['tenants']['A']) => t.publishedCourse],
    ['lessons', (t: World['tenants']['A']) => t.lesson],
  ] as const

  it.each(cases)(
    'instructorA lists %s versions: only A’s, whatever the where',
    async (collection, target) => {
      const { A, B } = world.tenants
      const aParents = new Set(
        (
          await cms.payload.find({
            collection,
            where: { tenant: { equals: A.tenant } },
            pagination: false,
            overrideAccess: true,
          })
        ).docs.map((d) => String(d.id)),
      )
      const plain = await client.rest('instructorA', 'GET', `${collection}/versions?limit=1000&depth=0`)
      expect(plain.status).toBe(200)
      const docs = docsOf(plain.body)
      expect(docs.map((d) => refId(d.parent))).toContain(target(A))
      for (const doc of docs) {
        expect(aParents.has(refId(doc.parent) ?? '')).toBe(true)
        expect(refId((doc.version as Doc).tenant)).toBe(A.tenant)
      }
      for (const query of [
        `where[version.tenant][equals]=${B.tenant}`,
        `where[parent][equals]=${target(B)}`,
        `where[or][0][version.tenant][equals]=${B.tenant}&where[or][1][id][exists]=false`,
      ]) {
        const reply = await client.rest(
          'instructorA',
          'GET',
          `${collection}/versions?limit=1000&depth=0&${query}`,
        )
        expect(reply.status).toBe(200)
        expect(idsOf(reply.body)).toEqual([])
      }
    },
  )

  it.each(cases)(
    'instructorA reads B’s %s version by id: the same answer as a random id',
    async (collection, target) => {
      const [bVersion] = await versionIdsOf(collection, target(world.tenants.B))
      if (!bVersion) throw new Error('B has no version')
      const missing = randomUUID()
      const a = await client.rest('instructorA', 'GET', `${collection}/versions/${bVersion}`)
      const b = await client.rest('instructorA', 'GET', `${collection}/versions/${missing}`)
      // Payload answers 403 (not 404) for any version id outside a Where access rule, existing or not.
      expect(a.status).toBe(403)
      expect(normalised(a.body, bVersion)).toBe(normalised(b.body, missing))
      expect(b.status).toBe(403)
    },
  )

  it.each(cases)('learnerA (no readVersions) is refused %s versions', async (collection, target) => {
    const [aVersion] = await versionIdsOf(collection, target(world.tenants.A))
    expect((await client.rest('learnerA', 'GET', `${collection}/versions`)).status).toBe(403)
    expect((await client.rest('learnerA', 'GET', `${collection}/versions/${aVersion}`)).status).toBe(403)
  })

  it.each(['platformKey', 'superAdmin'] as const)('%s lists the versions of both schools', async (role) => {
    const reply = await client.rest(role, 'GET', 'courses/versions?limit=1000&depth=0')
    expect(reply.status).toBe(200)
    const tenants = new Set(docsOf(reply.body).map((d) => refId((d.version as Doc).tenant)))
    expect(tenants.has(world.tenants.A.tenant)).toBe(true)
    expect(tenants.has(world.tenants.B.tenant)).toBe(true)
  })

  describe('over GraphQL (versionsCourses, versionCourse, restoreVersionCourse)', () => {
    it('instructorA lists only A’s course versions', async () => {
      const reply = await client.gql(
        'instructorA',
        '{ versionsCourses(limit: 1000) { totalDocs docs { id parent { id tenant { id } } version { tenant { id name } } } } }',
      )
      expect(reply.errors).toEqual([])
      const docs = docsOf(reply.data?.versionsCourses)
      expect(docs.length).toBeGreaterThan(0)
      for (const doc of docs) {
        expect(refId((doc.version as Doc).tenant)).toBe(world.tenants.A.tenant)
        expect(refId((doc.parent as Doc).tenant)).toBe(world.tenants.A.tenant)
      }
    })

    it('instructorA reads B’s version by id: the same error as for a random id', async () => {
      const [bVersion] = await versionIdsOf('courses', world.tenants.B.publishedCourse)
      const missing = randomUUID()
      const query = 'query($id: String!) { versionCourse(id: $id) { id version { title } } }'
      const a = await client.gql('instructorA', query, { id: bVersion })
      const b = await client.gql('instructorA', query, { id: missing })
      expect(a.data?.versionCourse).toBeNull()
      expect(a.errorStatus).toBe(403)
      expect(normalised(a.body, String(bVersion))).toBe(normalised(b.body, missing))
    })

    it('learnerA is refused versionsCourses', async () => {
      const reply = await client.gql('learnerA', '{ versionsCourses { docs { id } } }')
      expect(reply.errorStatus).toBe(403)
      expect(reply.data?.versionsCourses).toBeNull()
    })
  })

  describe('restoring a version', () => {
    it.each(['instructorA', 'adminA', 'learnerA'] as const)(
      '%s restores B’s course version: 404 like a random id, and B’s course is unchanged',
      async (role) => {
        const p = cms.payload
        const course = await createCourse(p, world.tenants.B.tenant, true)
        const [first] = await versionIdsOf('courses', course)
        await p.update({
          collection: 'courses',
          id: course,
          data: { title: 'B, edited' },
          overrideAccess: true,
        })
        if (!first) throw new Error('no version')
        const missing = randomUUID()
        const a = await client.rest(role, 'POST', `courses/versions/${first}?depth=0`)
        const b = await client.rest(role, 'POST', `courses/versions/${missing}?depth=0`)
        expect(a.status).toBe(404)
        expect(normalised(a.body, first)).toBe(normalised(b.body, missing))
        const mutation = 'mutation($id: String!) { restoreVersionCourse(id: $id) { id title } }'
        const ga = await client.gql(role, mutation, { id: first })
        const gb = await client.gql(role, mutation, { id: missing })
        expect(ga.errorStatus).toBe(404)
        expect(normalised(ga.body, first)).toBe(normalised(gb.body, missing))
        const stored = await p.findByID({ collection: 'courses', id: course, depth: 0, overrideAccess: true })
        expect(stored.title).toBe('B, edited')
      },
    )

    it('the platform restores a course version: it works (the fix above lets readable versions through)', async () => {
      const p = cms.payload
      const course = await createCourse(p, world.tenants.A.tenant, false)
      const original = (
        await p.findByID({ collection: 'courses', id: course, depth: 0, overrideAccess: true })
      ).title
      const [first] = await versionIdsOf('courses', course)
      await p.update({
        collection: 'courses',
        id: course,
        data: { title: 'A, edited' },
        overrideAccess: true,
      })
      const reply = await client.rest('superAdmin', 'POST', `courses/versions/${first}?depth=0`)
      expect(reply.status).toBe(200)
      const stored = await p.findByID({ collection: 'courses', id: course, depth: 0, overrideAccess: true })
      expect(stored.title).toBe(original)
    })

    it('instructorA restores their own course version: past the 404 check, then refused (known defect)', async () => {
      // KNOWN DEFECT, not an isolation leak: only the platform may write the tenant field, and
      // while restoring Payload does not fill a dropped field from the document, so the restore
      // fails validation on `tenant`. School staff cannot restore versions today.
      const p = cms.payload
      const course = await createCourse(p, world.tenants.A.tenant, false)
      const [first] = await versionIdsOf('courses', course)
      await p.update({
        collection: 'courses',
        id: course,
        data: { title: 'A, edited' },
        overrideAccess: true,
      })
      const reply = await client.rest('instructorA', 'POST', `courses/versions/${first}?depth=0`)
      expect(reply.status).toBe(400)
      expect(at(reply.body, 'errors', 0, 'data', 'errors')).toEqual([
        { label: 'Assigned Tenant', message: 'This field is required.', path: 'tenant' },
      ])
      const stored = await p.findByID({ collection: 'courses', id: course, depth: 0, overrideAccess: true })
      expect(stored.title).toBe('A, edited')
    })

    it('learnerA restores an A version: refused, the course is unchanged', async () => {
      const p = cms.payload
      const course = await createCourse(p, world.tenants.A.tenant, true)
      const [first] = await versionIdsOf('courses', course)
      await p.update({ collection: 'courses', id: course, data: { title: 'A, kept' }, overrideAccess: true })
      const reply = await client.rest('learnerA', 'POST', `courses/versions/${first}?depth=0`)
      expect(reply.status).toBe(404)
      const stored = await p.findByID({ collection: 'courses', id: course, depth: 0, overrideAccess: true })
      expect(stored.title).toBe('A, kept')
    })
  })
})

describe('probe 8: payload-preferences are private to their owner', () => {
  const SECRET = `adminA-secret-${randomUUID()}`
  let prefId: string

  beforeAll(async () => {
    const saved = await client.rest('adminA', 'POST', 'payload-preferences/probe-key', {
      value: { note: SECRET },
    })
    expect(saved.status).toBe(200)
    prefId = String(at(saved.body, 'doc', 'id'))
  })

  const stillThere = async () => {
    const doc = await cms.payload.findByID({
      collection: 'payload-preferences',
      id: prefId,
      depth: 0,
      overrideAccess: true,
    })
    expect(refId((doc.user as { value?: unknown }).value)).toBe(userIdOf(world, 'adminA'))
    expect(doc.value).toEqual({ note: SECRET })
  }

  it('adminA reads it back', async () => {
    const reply = await client.rest('adminA', 'GET', 'payload-preferences/probe-key')
    expect(reply.status).toBe(200)
    expect(reply.body?.value).toEqual({ note: SECRET })
  })

  it('adminB cannot read it: not in the list, not by key, not by id, not by where on user', async () => {
    const adminA = userIdOf(world, 'adminA')
    const answers = [
      await client.rest('adminB', 'GET', 'payload-preferences?limit=1000&depth=0'),
      await client.rest('adminB', 'GET', 'payload-preferences/probe-key'),
      await client.rest('adminB', 'GET', `payload-preferences/${prefId}`),
      await client.rest('adminB', 'GET', `payload-preferences?where[user.value][equals]=${adminA}&depth=0`),
      await client.rest('adminB', 'GET', `payload-preferences?where[id][equals]=${prefId}&depth=0`),
    ]
    for (const answer of answers) {
      expect(idsOf(answer.body)).not.toContain(prefId)
      expect(JSON.stringify(answer.body)).not.toContain(SECRET)
    }
    expect(answers[1]?.body?.value).toBeNull()
    const gql = await client.gql('adminB', '{ PayloadPreferences(limit: 1000) { docs { id key value } } }')
    expect(idsOf(gql.data?.PayloadPreferences)).not.toContain(prefId)
    expect(JSON.stringify(gql.body)).not.toContain(SECRET)
  })

  it('adminB cannot update or delete it, by id or by key', async () => {
    const update = await client.rest('adminB', 'PATCH', `payload-preferences/${prefId}`, {
      value: { note: 'B' },
    })
    expect([403, 404]).toContain(update.status)
    const bulk = await client.rest('adminB', 'PATCH', `payload-preferences?where[id][equals]=${prefId}`, {
      value: { note: 'B' },
    })
    expect(docsOf(bulk.body)).toEqual([])
    await client.rest('adminB', 'DELETE', `payload-preferences/${prefId}`)
    await client.rest('adminB', 'DELETE', 'payload-preferences/probe-key')
    await client.rest('adminB', 'DELETE', `payload-preferences?where[id][equals]=${prefId}`)
    const overwrite = await client.rest('adminB', 'POST', 'payload-preferences/probe-key', {
      value: { note: 'B' },
    })
    expect(overwrite.status).toBe(200)
    expect(String(at(overwrite.body, 'doc', 'id'))).not.toBe(prefId)
    await stillThere()
  })

  it('a preference created for someone else is saved as the caller’s own', async () => {
    const reply = await client.rest('adminA', 'POST', 'payload-preferences?depth=0', {
      key: 'planted',
      value: { x: 1 },
      user: { relationTo: 'users', value: userIdOf(world, 'adminB') },
    })
    expect(reply.status).toBe(201)
    const doc = await cms.payload.findByID({
      collection: 'payload-preferences',
      id: String(at(reply.body, 'doc', 'id')),
      depth: 0,
      overrideAccess: true,
    })
    expect(refId((doc.user as { value?: unknown }).value)).toBe(userIdOf(world, 'adminA'))
  })
})

describe('payload-locked-documents: locks stay within the school', () => {
  const lockBody = (collection: string, id: string, user: string) => ({
    document: { relationTo: collection, value: id },
    user: { relationTo: 'users', value: user },
  })
  const locksOn = async (id: string) =>
    (
      await cms.payload.find({
        collection: 'payload-locked-documents',
        where: { 'document.value': { equals: id } },
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
    ).docs
  let bLock: string

  beforeAll(async () => {
    const { B } = world.tenants
    const lock = await client.rest(
      'adminB',
      'POST',
      'payload-locked-documents?depth=0',
      lockBody('courses', B.publishedCourse, userIdOf(world, 'adminB')),
    )
    expect(lock.status).toBe(201)
    bLock = String(at(lock.body, 'doc', 'id'))
  })

  it.each(['learnerA', 'instructorA', 'adminA', 'keyA'] as const)(
    '%s cannot see B’s locks (REST and GraphQL)',
    async (role) => {
      const rest = await client.rest(role, 'GET', 'payload-locked-documents?limit=1000&depth=1')
      expect(idsOf(rest.body)).not.toContain(bLock)
      expect(JSON.stringify(rest.body)).not.toContain(world.tenants.B.publishedCourse)
      expect(JSON.stringify(rest.body)).not.toContain(userIdOf(world, 'adminB'))
      const byId = await client.rest(role, 'GET', `payload-locked-documents/${bLock}`)
      expect([403, 404]).toContain(byId.status)
      const gql = await client.gql(role, '{ PayloadLockedDocuments(limit: 1000) { docs { id } } }')
      expect(idsOf(gql.data?.PayloadLockedDocuments)).not.toContain(bLock)
    },
  )

  it('adminB and the platform see it', async () => {
    for (const role of ['adminB', 'superAdmin', 'platformKey'] as const) {
      const reply = await client.rest(role, 'GET', 'payload-locked-documents?limit=1000&depth=0')
      expect(reply.status).toBe(200)
      expect(idsOf(reply.body)).toContain(bLock)
    }
  })

  it.each(['learnerA', 'instructorA', 'adminA', 'keyA'] as const)(
    '%s cannot lock B’s course, in its own name or in adminB’s',
    async (role) => {
      const { B } = world.tenants
      const names =
        role === 'keyA' ? [userIdOf(world, 'adminB')] : [userIdOf(world, role), userIdOf(world, 'adminB')]
      for (const name of names) {
        const reply = await client.rest(
          role,
          'POST',
          'payload-locked-documents',
          lockBody('courses', B.draftCourse, name),
        )
        expect(reply.status).toBe(403)
      }
      expect(await locksOn(B.draftCourse)).toEqual([])
    },
  )

  it.each(['learnerA', 'instructorA', 'adminA'] as const)(
    '%s cannot take over, refresh or remove B’s lock',
    async (role) => {
      const me = { relationTo: 'users', value: userIdOf(world, role) }
      const update = await client.rest(role, 'PATCH', `payload-locked-documents/${bLock}`, { user: me })
      expect([403, 404]).toContain(update.status)
      const bulk = await client.rest(role, 'PATCH', `payload-locked-documents?where[id][equals]=${bLock}`, {
        user: me,
      })
      expect(docsOf(bulk.body)).toEqual([])
      const remove = await client.rest(role, 'DELETE', `payload-locked-documents/${bLock}`)
      expect([403, 404]).toContain(remove.status)
      await client.rest(role, 'DELETE', `payload-locked-documents?where[id][equals]=${bLock}`)
      const [lock] = await locksOn(world.tenants.B.publishedCourse)
      expect(refId((lock?.user as { value?: unknown } | undefined)?.value)).toBe(userIdOf(world, 'adminB'))
    },
  )

  it('a lock attempt from another school does not block B’s saves (no 423)', async () => {
    const { B } = world.tenants
    const course = await createCourse(cms.payload, B.tenant, true)
    const attempt = await client.rest(
      'learnerA',
      'POST',
      'payload-locked-documents',
      lockBody('courses', course, userIdOf(world, 'learnerA')),
    )
    expect(attempt.status).toBe(403)
    const save = await client.rest('adminB', 'PATCH', `courses/${course}?depth=0`, { summary: 'saved by B' })
    expect(save.status).toBe(200)
  })

  it('within a school, locking works as the admin panel needs it', async () => {
    const { A } = world.tenants
    const course = await createCourse(cms.payload, A.tenant, true)
    const instructor = userIdOf(world, 'instructorA')
    const created = await client.rest(
      'instructorA',
      'POST',
      'payload-locked-documents?depth=0',
      lockBody('courses', course, instructor),
    )
    expect(created.status).toBe(201)
    const lock = String(at(created.body, 'doc', 'id'))
    // A colleague sees who is editing; a learner of the school cannot take the lock over.
    const seen = await client.rest(
      'adminA',
      'GET',
      `payload-locked-documents?where[document.value][equals]=${course}`,
    )
    expect(idsOf(seen.body)).toEqual([lock])
    const learnerTakeover = await client.rest('learnerA', 'PATCH', `payload-locked-documents/${lock}`, {
      user: { relationTo: 'users', value: userIdOf(world, 'learnerA') },
    })
    expect([403, 404]).toContain(learnerTakeover.status)
    // The colleague cannot write someone else's name, but takes over in their own, then unlocks.
    const forged = await client.rest('adminA', 'PATCH', `payload-locked-documents/${lock}`, {
      user: { relationTo: 'users', value: userIdOf(world, 'learnerA') },
    })
    expect(forged.status).toBe(403)
    const takeover = await client.rest('adminA', 'PATCH', `payload-locked-documents/${lock}?depth=0`, {
      user: { relationTo: 'users', value: userIdOf(world, 'adminA') },
    })
    expect(takeover.status).toBe(200)
    expect(refId(at(takeover.body, 'doc', 'user', 'value'))).toBe(userIdOf(world, 'adminA'))
    expect((await client.rest('adminA', 'DELETE', `payload-locked-documents/${lock}`)).status).toBe(200)
    expect(await locksOn(course)).toEqual([])
  })

  it('a role with no lock in sight lists an empty page, not a 403 (the admin panel lists locks)', async () => {
    const reply = await client.rest('instructorA', 'GET', 'payload-locked-documents?limit=1000&depth=0')
    expect(reply.status).toBe(200)
  })
})

describe('document permissions (POST /api/<collection>/access/<id>, GraphQL docAccess<X>)', () => {
  const TARGETS = [
    ['courses', 'Course', (t: World['tenants']['A']) => t.draftCourse],
    ['lessons', 'Lesson', (t: World['tenants']['A']) => t.lesson],
    ['enrollments', 'Enrollment', (t: World['tenants']['A']) => t.memberEnrollment],
    ['media', 'Media', (t: World['tenants']['A']) => t.media],
    ['users', 'User', (t: World['tenants']['A']) => t.member],
    ['tenants', 'Tenant', (t: World['tenants']['A']) => t.tenant],
    ['service-keys', 'ServiceKey', (t: World['tenants']['A']) => t.key],
  ] as const
  const CALLERS = ['anonymous', 'learnerA', 'instructorA', 'adminA', 'keyA'] as const
  const cells = CALLERS.flatMap((role) =>
    TARGETS.map(([slug, name, target]) => [role, slug, name, target] as const),
  )

  it.each(cells)(
    '%s asks its permissions on B’s %s: 404 like a random id',
    async (role, slug, name, target) => {
      const foreign = target(world.tenants.B)
      const missing = randomUUID()
      const a = await client.rest(role, 'POST', `${slug}/access/${foreign}`)
      const b = await client.rest(role, 'POST', `${slug}/access/${missing}`)
      expect(a.status).toBe(404)
      expect(normalised(a.body, foreign)).toBe(normalised(b.body, missing))
      const query = `query($id: String!) { docAccess${name}(id: $id) { read { permission } } }`
      const ga = await client.gql(role, query, { id: foreign })
      const gb = await client.gql(role, query, { id: missing })
      expect(ga.errorStatus).toBe(404)
      expect(normalised(ga.body, foreign)).toBe(normalised(gb.body, missing))
    },
  )

  it('the admin panel’s own requests still work: permissions on an own document, and create permissions', async () => {
    const own = await client.rest('instructorA', 'POST', `courses/access/${world.tenants.A.draftCourse}`)
    expect(own.status).toBe(200)
    expect(own.body?.update).toEqual(expect.objectContaining({ permission: true }))
    const create = await client.rest('instructorA', 'POST', 'courses/access', {
      tenant: world.tenants.A.tenant,
    })
    expect(create.status).toBe(200)
    expect(create.body?.create).toEqual(expect.objectContaining({ permission: true }))
    const gql = await client.gql(
      'adminA',
      'query($id: String!) { docAccessCourse(id: $id) { update { permission } } }',
      {
        id: world.tenants.A.draftCourse,
      },
    )
    expect(gql.data?.docAccessCourse).toEqual({ update: { permission: true } })
    const platform = await client.rest('superAdmin', 'POST', `courses/access/${world.tenants.B.draftCourse}`)
    expect(platform.status).toBe(200)
  })
})

describe('Payload’s key-value store and migration log are closed to every caller', () => {
  it.each(ROLES)('%s: payload-kv and payload-migrations', async (role: Role) => {
    const kv = await client.rest(role, 'GET', 'payload-kv?limit=1')
    expect(kv.status).toBe(403)
    const migrations = await client.rest(role, 'GET', 'payload-migrations?limit=1')
    expect(migrations.status).toBe(501)
    expect(JSON.stringify(migrations.body)).not.toContain('audit_log')
  })
})
