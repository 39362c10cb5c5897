import { withClient } from '@lyceum/postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import { buildWorld, createMember, PASSWORD, type Role, unique, type World } from '../support/world.ts'
import {
  at,
  type Caller,
  type Doc,
  docsOf,
  probeClient,
  type Reply,
  refId,
  restError,
  userIdOf,
} from './probe-client.ts'

/**
 * Probes 9–11: accounts. Secret fields of people and keys never leave the cms; a person's rows in
 * other schools are invisible and untouchable to a school admin; nobody raises their own role;
 * the login lockout holds (and what it reveals is written down).
 */

let cms: TestCms
let world: World
let client: ReturnType<typeof probeClient>
/** A learner of A with a pending password reset and failed logins: every secret field is set. */
let target: { id: string; email: string }

const login = (email: string, password: string) =>
  client.rest('anonymous', 'POST', 'users/login', { email, password })
const as = async (email: string, password = PASSWORD): Promise<Caller> => {
  const reply = await login(email, password)
  const token = reply.body?.token
  if (typeof token !== 'string') throw new Error(`cannot log in as ${email}: ${JSON.stringify(reply.body)}`)
  return { authorization: `JWT ${token}` }
}
const userInDb = (id: string) =>
  cms.payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true, showHiddenFields: true })

beforeAll(async () => {
  cms = await startTestCms()
  world = await buildWorld(cms.payload)
  client = probeClient(cms.baseUrl, world)
  target = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
  await cms.payload.forgotPassword({ collection: 'users', data: { email: target.email }, disableEmail: true })
  for (let i = 0; i < 2; i++) await login(target.email, 'wrong-password')
}, 180_000)
afterAll(() => cms?.close())

describe('probe 9: hidden fields never leave the cms', () => {
  const USER_SECRETS = [
    'hash',
    'salt',
    'password',
    'resetPasswordToken',
    'resetPasswordExpiration',
    'resetPasswordRequestedAt',
    'lockUntil',
    'loginAttempts',
    'apiKey',
    'apiKeyIndex',
    'enableAPIKey',
    '_verified',
    '_verificationToken',
  ]
  const READERS = [
    'learnerA',
    'instructorA',
    'adminA',
    'adminB',
    'keyA',
    'platformKey',
    'superAdmin',
  ] as const
  const selfOf = (role: Role) => (world.credentials[role].kind === 'user' ? userIdOf(world, role) : null)

  /** No secret key anywhere in the tree, and nobody else's login sessions. */
  function expectNoSecrets(value: unknown, self: string | null) {
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk)
      if (!node || typeof node !== 'object') return
      const doc = node as Doc
      for (const key of USER_SECRETS) expect(doc[key] ?? null, `${key} of ${String(doc.id)}`).toBeNull()
      if ('sessions' in doc && doc.id !== self)
        expect(doc.sessions ?? [], `sessions of ${String(doc.id)}`).toEqual([])
      Object.values(doc).forEach(walk)
    }
    walk(value)
  }

  it('the secrets really are set in the database', async () => {
    const doc = await userInDb(target.id)
    expect(doc.resetPasswordToken).toEqual(expect.any(String))
    expect(doc.loginAttempts).toBe(2)
    expect(doc.hash).toEqual(expect.any(String))
    const row = await withClient(cms.databaseUrl, (c) =>
      c.query<{ api_key: string | null; api_key_index: string | null }>(
        'select api_key, api_key_index from service_keys where id = $1',
        [world.tenants.A.key],
      ),
    )
    expect(row.rows[0]?.api_key).toEqual(expect.any(String))
    expect(row.rows[0]?.api_key_index).toEqual(expect.any(String))
  })

  it.each(READERS)('%s over REST: find, findByID and /me show no secret', async (role) => {
    const self = selfOf(role)
    const list = await client.rest(role, 'GET', 'users?limit=1000&depth=1')
    expect(list.status).toBe(200)
    expect(docsOf(list.body).length).toBeGreaterThan(0)
    expectNoSecrets(list.body, self)
    const readsTarget = role !== 'learnerA' && role !== 'adminB'
    const one = await client.rest(role, 'GET', `users/${readsTarget ? target.id : self}?depth=1`)
    expect(one.status).toBe(200)
    expectNoSecrets(one.body, self)
    if (readsTarget) expect(docsOf(list.body).map((d) => d.id)).toContain(target.id)
    if (self) {
      const me = await client.rest(role, 'GET', 'users/me?depth=1')
      expect(refId(me.body?.user)).toBe(self)
      expectNoSecrets(me.body?.user, self)
    }
  })

  it.each(READERS)('%s over GraphQL: secret fields exist in the schema but are always null', async (role) => {
    const self = selfOf(role)
    const fields =
      'id email hash salt resetPasswordToken resetPasswordExpiration loginAttempts lockUntil sessions { id }'
    const list = await client.gql(role, `{ Users(limit: 1000) { docs { ${fields} } } }`)
    expect(list.errors).toEqual([])
    expect(docsOf(list.data?.Users).length).toBeGreaterThan(0)
    expectNoSecrets(list.data, self)
    if (role !== 'learnerA' && role !== 'adminB') {
      const one = await client.gql(role, `query($id: String!) { User(id: $id) { ${fields} } }`, {
        id: target.id,
      })
      expect((one.data?.User as Doc | null)?.id).toBe(target.id)
      expectNoSecrets(one.data, self)
    }
    if (self) {
      const me = await client.gql(role, `{ meUser { user { ${fields} } } }`)
      expect(at(me.data, 'meUser', 'user', 'id')).toBe(self)
      expectNoSecrets(me.data, self)
    }
  })

  it.each(READERS)('%s over the Local API (user, overrideAccess: false): no secret', async (role) => {
    const user = await world.localUser(role)
    const res = await cms.payload.find({
      collection: 'users',
      depth: 1,
      limit: 1000,
      user,
      overrideAccess: false,
    })
    expect(res.docs.length).toBeGreaterThan(0)
    expectNoSecrets(res.docs, selfOf(role))
  })

  describe('service keys: apiKey and apiKeyIndex are never returned, not even to the platform', () => {
    const KEY_SECRETS = ['apiKey', 'apiKeyIndex']
    const expectNoKey = (value: unknown) => {
      const text = JSON.stringify(value)
      for (const credential of Object.values(world.credentials)) {
        if (credential.kind === 'key') expect(text).not.toContain(credential.apiKey)
      }
      for (const doc of Array.isArray(value) ? value : [value]) {
        for (const key of KEY_SECRETS) expect((doc as Doc | null)?.[key] ?? null).toBeNull()
      }
    }

    it.each(['platformKey', 'superAdmin'] as const)(
      '%s over REST: find, findByID, select, /me',
      async (role) => {
        const list = await client.rest(role, 'GET', 'service-keys?limit=1000&depth=0')
        expect(docsOf(list.body).length).toBeGreaterThanOrEqual(4)
        expectNoKey(docsOf(list.body))
        const one = await client.rest(role, 'GET', `service-keys/${world.tenants.A.key}?depth=0`)
        expect(one.body?.id).toBe(world.tenants.A.key)
        expectNoKey(one.body)
        const selected = await client.rest(
          role,
          'GET',
          'service-keys?limit=1000&select[apiKey]=true&select[apiKeyIndex]=true',
        )
        expectNoKey(docsOf(selected.body))
        for (const field of KEY_SECRETS) {
          const where = await client.rest(role, 'GET', `service-keys?where[${field}][exists]=true`)
          expect(where.status).toBe(400)
          expect(restError(where).message).toBe(`The following path cannot be queried: ${field}`)
        }
        if (role === 'platformKey') {
          const me = await client.rest(role, 'GET', 'service-keys/me')
          expect(refId(me.body?.user)).toBe(
            world.credentials.platformKey.kind === 'key' ? world.credentials.platformKey.id : '',
          )
          expectNoKey(me.body?.user)
        }
      },
    )

    it.each(['platformKey', 'superAdmin'] as const)(
      '%s over GraphQL: apiKey and apiKeyIndex are null',
      async (role) => {
        const list = await client.gql(role, '{ ServiceKeys(limit: 1000) { docs { id apiKey apiKeyIndex } } }')
        expect(list.errors).toEqual([])
        expect(docsOf(list.data?.ServiceKeys).length).toBeGreaterThanOrEqual(4)
        expectNoKey(docsOf(list.data?.ServiceKeys))
        const one = await client.gql(
          role,
          'query($id: String!) { ServiceKey(id: $id) { id apiKey apiKeyIndex } }',
          {
            id: world.tenants.A.key,
          },
        )
        expect(at(one.data, 'ServiceKey', 'id')).toBe(world.tenants.A.key)
        expectNoKey(one.data?.ServiceKey)
      },
    )

    it('over the Local API: as the super-admin, and even as the system with showHiddenFields', async () => {
      const user = await world.localUser('superAdmin')
      const asUser = await cms.payload.find({
        collection: 'service-keys',
        limit: 1000,
        user,
        overrideAccess: false,
        showHiddenFields: true,
      })
      expect(asUser.docs.length).toBeGreaterThanOrEqual(4)
      expectNoKey(asUser.docs)
      const asSystem = await cms.payload.find({
        collection: 'service-keys',
        limit: 1000,
        overrideAccess: true,
        showHiddenFields: true,
      })
      expectNoKey(asSystem.docs)
    })
  })
})

describe('probe 10: memberships', () => {
  const { A: tA, B: tB } = { A: () => world.tenants.A.tenant, B: () => world.tenants.B.tenant }
  const rowsOf = async (id: string) =>
    ((await userInDb(id)).memberships ?? []).map((m) => ({ tenant: refId(m.tenant), role: m.role }))
  const patch = (caller: Caller, id: string, data: Doc) =>
    client.rest(caller, 'PATCH', `users/${id}?depth=0`, data)
  const ADMINS_ONLY = 'You can only manage memberships of schools you administer.'
  const NOT_YOURS = 'You cannot change your own memberships or roles.'
  /** A learner of both schools. */
  let x: { id: string; email: string }

  beforeAll(async () => {
    x = await createMember(cms.payload, tA(), 'learner')
    await cms.payload.update({
      collection: 'users',
      id: x.id,
      data: {
        memberships: [
          { tenant: tA(), role: 'learner' },
          { tenant: tB(), role: 'learner' },
        ],
      },
      overrideAccess: true,
    })
  })

  it('adminA reads X: only the A row, in the list and by id', async () => {
    const one = await client.rest('adminA', 'GET', `users/${x.id}?depth=0`)
    expect(one.body?.memberships).toEqual([expect.objectContaining({ tenant: tA(), role: 'learner' })])
    const list = await client.rest('adminA', 'GET', 'users?limit=1000&depth=0')
    const inList = docsOf(list.body).find((d) => d.id === x.id)
    expect(inList?.memberships).toEqual([expect.objectContaining({ tenant: tA(), role: 'learner' })])
    expect(JSON.stringify(one.body)).not.toContain(tB())
  })

  it('adminA makes X an instructor of A: the A row changes, the B row is kept', async () => {
    const reply = await patch('adminA', x.id, { memberships: [{ tenant: tA(), role: 'instructor' }] })
    expect(reply.status).toBe(200)
    expect(await rowsOf(x.id)).toEqual([
      { tenant: tB(), role: 'learner' },
      { tenant: tA(), role: 'instructor' },
    ])
  })

  it('adminA cannot change or add a B row: 403 with a clear message, nothing changes', async () => {
    const before = await rowsOf(x.id)
    const change = await patch('adminA', x.id, {
      memberships: [
        { tenant: tA(), role: 'instructor' },
        { tenant: tB(), role: 'admin' },
      ],
    })
    expect(change.status).toBe(403)
    expect(restError(change).message).toBe(ADMINS_ONLY)
    expect(await rowsOf(x.id)).toEqual(before)
    const y = await createMember(cms.payload, tA(), 'learner')
    const add = await patch('adminA', y.id, {
      memberships: [
        { tenant: tA(), role: 'learner' },
        { tenant: tB(), role: 'learner' },
      ],
    })
    expect(add.status).toBe(403)
    expect(restError(add).message).toBe(ADMINS_ONLY)
    expect(await rowsOf(y.id)).toEqual([{ tenant: tA(), role: 'learner' }])
  })

  it('adminA cannot create an account in B, nor grant the super-admin role', async () => {
    const inB = await client.rest('adminA', 'POST', 'users?depth=0', {
      email: `${unique('invite')}@example.com`,
      password: PASSWORD,
      memberships: [{ tenant: tB(), role: 'learner' }],
    })
    expect(inB.status).toBe(403)
    expect(restError(inB).message).toBe(ADMINS_ONLY)
    const email = `${unique('invite')}@example.com`
    const crowned = await client.rest('adminA', 'POST', 'users?depth=0', {
      email,
      password: PASSWORD,
      platformRole: 'super-admin',
      memberships: [{ tenant: tA(), role: 'learner' }],
    })
    expect(crowned.status).toBe(201)
    expect((await userInDb(String(at(crowned.body, 'doc', 'id')))).platformRole ?? null).toBeNull()
  })

  it('learnerA cannot join B, nor raise their own role: 403', async () => {
    const me = userIdOf(world, 'learnerA')
    const join = await patch('learnerA', me, {
      memberships: [
        { tenant: tA(), role: 'learner' },
        { tenant: tB(), role: 'learner' },
      ],
    })
    expect(join.status).toBe(403)
    expect(restError(join).message).toBe(NOT_YOURS)
    const raise = await patch('learnerA', me, { memberships: [{ tenant: tA(), role: 'admin' }] })
    expect(raise.status).toBe(403)
    expect(restError(raise).message).toBe(NOT_YOURS)
    expect(await rowsOf(me)).toEqual([{ tenant: tA(), role: 'learner' }])
  })

  it('learnerA setting platformRole: super-admin on themselves: the value is dropped', async () => {
    const me = userIdOf(world, 'learnerA')
    const reply = await patch('learnerA', me, { platformRole: 'super-admin' })
    expect(reply.status).toBe(200)
    expect((await userInDb(me)).platformRole ?? null).toBeNull()
    expect((await client.rest('learnerA', 'GET', `tenants/${tB()}`)).status).toBe(404)
  })

  it('adminA cannot change X’s email or password: 403 with a clear message', async () => {
    const email = await patch('adminA', x.id, { email: `${unique('taken')}@example.com` })
    expect(email.status).toBe(403)
    expect(restError(email).message).toBe(
      "Only the member can change their own email. School admins can change a member's role and membership.",
    )
    const password = await patch('adminA', x.id, { password: 'adminA-chose-this' })
    expect(password.status).toBe(403)
    expect(restError(password).message).toMatch(/^Only the member can change their own password\./)
    const gql = await client.gql(
      'adminA',
      'mutation($id: String!, $data: mutationUserUpdateInput!) { updateUser(id: $id, data: $data) { id } }',
      { id: x.id, data: { email: `${unique('gql')}@example.com` } },
    )
    expect(gql.errorStatus).toBe(403)
    expect((await userInDb(x.id)).email).toBe(x.email)
    expect((await login(x.email, PASSWORD)).status).toBe(200)
  })

  it('X changes their own email and password', async () => {
    const self = await as(x.email)
    const newEmail = `${unique('moved')}@example.com`
    const email = await patch(self, x.id, { email: newEmail })
    expect(email.status).toBe(200)
    expect((await userInDb(x.id)).email).toBe(newEmail)
    const password = await patch(self, x.id, { password: 'x-chose-this-one' })
    expect(password.status).toBe(200)
    expect((await login(newEmail, 'x-chose-this-one')).status).toBe(200)
    expect((await login(newEmail, PASSWORD)).status).toBe(401)
    // Their own edits never lose a school.
    expect((await rowsOf(x.id)).map((r) => r.tenant).sort()).toEqual([tA(), tB()].sort())
  })

  it('adminA PATCHing X without memberships keeps both rows', async () => {
    // Payload hands hooks the stored document merged with the request; guardMemberships keeps
    // the stored rows of schools the caller cannot see, whatever arrives for them.
    const before = await rowsOf(x.id)
    const reply: Reply = await patch('adminA', x.id, {})
    expect(reply.status).toBe(200)
    expect(await rowsOf(x.id)).toEqual(before)
  })
})

describe('probe 11: login lockout', () => {
  const WRONG = 'The email or password provided is incorrect.'
  const LOCKED = 'This user is locked due to having too many failed login attempts.'

  it('5 failed logins lock the account; the right password then fails too', async () => {
    const member = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
    for (let i = 0; i < 5; i++) {
      const reply = await login(member.email, `wrong-${i}`)
      expect(reply.status).toBe(401)
      expect(restError(reply).message).toBe(WRONG)
    }
    const stored = await userInDb(member.id)
    expect(stored.loginAttempts).toBe(5)
    expect(new Date(String(stored.lockUntil)).getTime()).toBeGreaterThan(Date.now() + 5 * 60_000)
    const right = await login(member.email, PASSWORD)
    expect(right.status).toBe(401)
    expect(right.body?.token).toBeUndefined()
    expect(restError(right).message).toBe(LOCKED)
    const gql = await client.gql(
      'anonymous',
      'mutation($e: String!, $p: String!) { loginUser(email: $e, password: $p) { token } }',
      { e: member.email, p: PASSWORD },
    )
    expect(gql.data?.loginUser ?? null).toBeNull()
    expect(gql.errors[0]?.message).toBe(LOCKED)
  })

  it('REPORTED: a locked account answers differently from an unknown email (Payload reveals the account exists)', async () => {
    // Payload's behaviour, written down rather than hidden: attempts 1–5 on an existing account
    // answer exactly like an unknown email, but once locked the message says so, which an
    // attacker can use to learn that an email has an account. Both stay 401.
    const member = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
    const unknown = `${unique('nobody')}@example.com`
    const known: string[] = []
    const missing: string[] = []
    for (let i = 0; i < 6; i++) {
      known.push(restError(await login(member.email, `wrong-${i}`)).message)
      missing.push(restError(await login(unknown, `wrong-${i}`)).message)
    }
    expect(missing).toEqual(Array(6).fill(WRONG))
    expect(known).toEqual([...Array(5).fill(WRONG), LOCKED])
  })

  it('only the platform unlocks: a school admin cannot', async () => {
    const member = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
    for (let i = 0; i < 5; i++) await login(member.email, 'wrong')
    const byAdmin = await client.rest('adminA', 'POST', 'users/unlock', { email: member.email })
    expect(byAdmin.status).toBe(403)
    expect((await login(member.email, PASSWORD)).status).toBe(401)
    const byPlatform = await client.rest('superAdmin', 'POST', 'users/unlock', { email: member.email })
    expect(byPlatform.status).toBe(200)
    expect((await login(member.email, PASSWORD)).status).toBe(200)
  })
})
