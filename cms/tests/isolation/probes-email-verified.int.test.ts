import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from '../support/cms.ts'
import { buildWorld, createMember, PASSWORD, unique, type World } from '../support/world.ts'
import { probeClient } from './probe-client.ts'

/**
 * Probe: `users.emailVerified` (decision 015) is the platform's to set. The hub marks a signup
 * unverified and flips it once the emailed code is entered; nobody else may set it either way,
 * or an unverified signup could let itself in (or lock out someone else).
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

const stored = async (id: string) =>
  (await cms.payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true })).emailVerified

describe('probe: emailVerified', () => {
  it('defaults to true for accounts made outside the hub signup', async () => {
    const member = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
    expect(await stored(member.id)).toBe(true)
  })

  it('is dropped when a member sets it on themselves', async () => {
    const member = await createMember(cms.payload, world.tenants.A.tenant, 'learner')
    await cms.payload.update({
      collection: 'users',
      id: member.id,
      data: { emailVerified: false },
      overrideAccess: true,
    })
    const login = await client.rest('anonymous', 'POST', 'users/login', {
      email: member.email,
      password: PASSWORD,
    })
    const token = login.body?.token
    expect(typeof token).toBe('string')
    const reply = await client.rest(
      { authorization: `JWT ${String(token)}` },
      'PATCH',
      `users/${member.id}`,
      {
        emailVerified: true,
      },
    )
    expect(reply.status).toBe(200)
    expect(await stored(member.id)).toBe(false)
  })

  it('is dropped when a school admin or a school key creates or edits a member', async () => {
    for (const role of ['adminA', 'keyA'] as const) {
      const created = await client.rest(role, 'POST', 'users?depth=0', {
        email: `${unique('invited')}@example.com`,
        password: PASSWORD,
        emailVerified: false,
        memberships: [{ tenant: world.tenants.A.tenant, role: 'learner' }],
      })
      expect(created.status).toBe(201)
      const id = String((created.body?.doc as { id?: unknown } | undefined)?.id)
      expect(await stored(id)).toBe(true)
    }
    const edited = await client.rest('adminA', 'PATCH', `users/${world.tenants.A.member}?depth=0`, {
      emailVerified: false,
    })
    expect(edited.status).toBe(200)
    expect(await stored(world.tenants.A.member)).toBe(true)
  })

  it('is set by the platform key', async () => {
    const created = await client.rest('platformKey', 'POST', 'users?depth=0', {
      email: `${unique('signup')}@example.com`,
      password: PASSWORD,
      emailVerified: false,
    })
    expect(created.status).toBe(201)
    const id = String((created.body?.doc as { id?: unknown } | undefined)?.id)
    expect(await stored(id)).toBe(false)
    expect((await client.rest('platformKey', 'PATCH', `users/${id}`, { emailVerified: true })).status).toBe(
      200,
    )
    expect(await stored(id)).toBe(true)
  })
})
