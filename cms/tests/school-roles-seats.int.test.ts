/**
 * Invitation roles and the plan's seats, enforced by the cms itself (not only by the tenant-app):
 * an accepted invitation gives its role, only admins invite staff, and a full school refuses a
 * new member or invitation with 409 whichever door is used (self-signup by the school's key, an
 * invitation, an admin adding an existing account). Over REST, as a real client would.
 */
import { createHash, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'
import { createKey, createMember, createTenant, PASSWORD, unique } from './support/world.ts'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})
afterAll(() => cms?.close())

async function rest(method: string, path: string, auth: string, body?: unknown) {
  const res = await fetch(`${cms.baseUrl}/api/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    body: (await res.json()) as { doc?: { id: string }; errors?: Array<{ message: string }> },
  }
}

async function jwtOf(email: string): Promise<string> {
  const login = await cms.payload.login({ collection: 'users', data: { email, password: PASSWORD } })
  return `JWT ${login.token ?? ''}`
}

async function planWithSeats(seats: number): Promise<string> {
  const code = unique('plan')
  const plan = await cms.payload.create({
    collection: 'plans',
    data: {
      code,
      name: code,
      priceMinor: 1000,
      currency: 'EUR',
      interval: 'month',
      trialDays: 0,
      limits: { seats, storageBytes: 10_000_000, courses: 10 },
    },
    overrideAccess: true,
  })
  return plan.id
}

/** A school (optionally on a plan) with its admin's and key's Authorization headers. */
async function school(seats: number | null = null) {
  const tenant = await createTenant(cms.payload, seats === null ? null : await planWithSeats(seats))
  const admin = await createMember(cms.payload, tenant, 'admin')
  const key = await createKey(cms.payload, 'tenant', tenant)
  return { tenant, admin, asAdmin: await jwtOf(admin.email), asKey: `service-keys API-Key ${key.apiKey}` }
}

const invite = (tenant: string, auth: string, email: string, role?: string) =>
  rest('POST', 'invitations', auth, {
    tenant,
    email,
    ...(role ? { role } : {}),
    tokenHash: createHash('sha256').update(randomUUID()).digest('hex'),
  })

const accept = (id: string, auth: string, userId: string) =>
  rest('PATCH', `invitations/${id}`, auth, { acceptedAt: new Date().toISOString(), acceptedBy: userId })

/** What the tenant-app does for a new account: the key creates it as a learner of the school. */
const signUp = (tenant: string, auth: string, email: string) =>
  rest('POST', 'users', auth, {
    email,
    password: PASSWORD,
    name: 'New member',
    memberships: [{ tenant, role: 'learner' }],
  })

async function rolesOf(userId: string): Promise<string[][]> {
  const user = await cms.payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true })
  return (user.memberships ?? []).map((m) => [String(m.tenant), m.role]).sort()
}

describe('invitation roles', () => {
  it.each([
    ['instructor', 'instructor'],
    ['admin', 'admin'],
    [undefined, 'learner'],
  ])('an invitation with role %s makes a new account %s on acceptance', async (role, expected) => {
    const { tenant, asAdmin, asKey } = await school()
    const email = `${unique('invitee')}@example.com`
    const invitation = await invite(tenant, asAdmin, email, role)
    expect(invitation.status).toBe(201)
    const account = await signUp(tenant, asKey, email)
    expect(account.status).toBe(201)
    const userId = account.body.doc?.id ?? ''
    expect(await rolesOf(userId)).toEqual([[tenant, 'learner']])
    expect((await accept(invitation.body.doc?.id ?? '', asKey, userId)).status).toBe(200)
    expect(await rolesOf(userId)).toEqual([[tenant, expected]])
  })

  it('raises an existing account’s role in this school only, keeping its other schools', async () => {
    const { tenant, asAdmin, asKey } = await school()
    const elsewhere = await createTenant(cms.payload)
    const person = await createMember(cms.payload, elsewhere, 'learner')
    const invitation = await invite(tenant, asAdmin, person.email, 'instructor')
    // The key adds the learner row (as for any invited existing account), then accepts.
    const join = await rest('PATCH', `users/${person.id}`, asKey, {
      memberships: [{ tenant, role: 'learner' }],
    })
    expect(join.status).toBe(200)
    expect((await accept(invitation.body.doc?.id ?? '', asKey, person.id)).status).toBe(200)
    expect(await rolesOf(person.id)).toEqual(
      [
        [elsewhere, 'learner'],
        [tenant, 'instructor'],
      ].sort(),
    )
  })

  it('never lowers a role: a learner invitation accepted by an instructor leaves them instructor', async () => {
    const { tenant, asAdmin, asKey } = await school()
    const instructor = await createMember(cms.payload, tenant, 'instructor')
    const invitation = await invite(tenant, asAdmin, instructor.email)
    expect((await accept(invitation.body.doc?.id ?? '', asKey, instructor.id)).status).toBe(200)
    expect(await rolesOf(instructor.id)).toEqual([[tenant, 'instructor']])
  })

  it('only an admin invites: an instructor may not invite an admin (nor anyone)', async () => {
    const { tenant, asAdmin } = await school()
    const instructor = await createMember(cms.payload, tenant, 'instructor')
    const asInstructor = await jwtOf(instructor.email)
    for (const role of ['admin', 'instructor', 'learner']) {
      expect((await invite(tenant, asInstructor, `${unique('x')}@example.com`, role)).status).toBe(403)
    }
    const count = await cms.payload.count({
      collection: 'invitations',
      where: { tenant: { equals: tenant } },
      overrideAccess: true,
    })
    expect(count.totalDocs).toBe(0)
    expect((await invite(tenant, asAdmin, `${unique('x')}@example.com`, 'admin')).status).toBe(201)
  })

  it('a key cannot hand an invitation’s role to another account, and the role cannot change', async () => {
    const { tenant, asAdmin, asKey } = await school()
    const email = `${unique('invitee')}@example.com`
    const invitation = await invite(tenant, asAdmin, email, 'admin')
    const id = invitation.body.doc?.id ?? ''
    const stranger = await signUp(tenant, asKey, `${unique('stranger')}@example.com`)
    const strangerId = stranger.body.doc?.id ?? ''
    const refused = await accept(id, asKey, strangerId)
    expect(refused.status).toBe(400)
    expect(await rolesOf(strangerId)).toEqual([[tenant, 'learner']])
    expect((await rest('PATCH', `invitations/${id}`, asAdmin, { role: 'learner' })).status).toBe(400)
    expect((await rest('PATCH', `invitations/${id}`, asKey, { role: 'learner' })).status).toBe(400)
    const stored = await cms.payload.findByID({ collection: 'invitations', id, overrideAccess: true })
    expect([stored.role, stored.acceptedAt ?? null]).toEqual(['admin', null])
  })
})

describe('seats', () => {
  it('a full school refuses invitations and self-signups with 409; the invited person still joins', async () => {
    const { tenant, asAdmin, asKey } = await school(2) // the admin takes one of 2 seats
    const invited = `${unique('invited')}@example.com`
    const first = await invite(tenant, asAdmin, invited)
    expect(first.status).toBe(201)
    // 1 member + 1 open invitation = 2 seats: nothing more fits.
    const second = await invite(tenant, asAdmin, `${unique('second')}@example.com`)
    expect(second.status).toBe(409)
    expect(second.body.errors?.[0]?.message).toMatch(/school is full/i)
    const walkIn = `${unique('walk-in')}@example.com`
    const signup = await signUp(tenant, asKey, walkIn)
    expect(signup.status).toBe(409)
    expect(
      (
        await cms.payload.count({
          collection: 'users',
          where: { email: { equals: walkIn } },
          overrideAccess: true,
        })
      ).totalDocs,
    ).toBe(0)
    // The invited person's own invitation holds their seat.
    const joined = await signUp(tenant, asKey, invited)
    expect(joined.status).toBe(201)
    expect((await accept(first.body.doc?.id ?? '', asKey, joined.body.doc?.id ?? '')).status).toBe(200)
    // Now 2 members for 2 seats.
    expect((await signUp(tenant, asKey, `${unique('late')}@example.com`)).status).toBe(409)
    expect((await invite(tenant, asAdmin, `${unique('late')}@example.com`)).status).toBe(409)
  })

  it.each(['invitations', 'self-signups'] as const)(
    '%s racing for the last seat: exactly one gets it, the others 409',
    async (door) => {
      const { tenant, asAdmin, asKey } = await school(2) // the admin takes one of 2 seats: one left
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => {
          const email = `${unique(`race-${i}`)}@example.com`
          return door === 'invitations' ? invite(tenant, asAdmin, email) : signUp(tenant, asKey, email)
        }),
      )
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      const taken =
        door === 'invitations'
          ? await cms.payload.count({
              collection: 'invitations',
              where: { tenant: { equals: tenant } },
              overrideAccess: true,
            })
          : await cms.payload.count({
              collection: 'users',
              where: { 'memberships.tenant': { equals: tenant } },
              overrideAccess: true,
            })
      expect(taken.totalDocs).toBe(door === 'invitations' ? 1 : 2)
    },
  )

  it('an admin adding an existing account to a full school gets 409, and the account is unchanged', async () => {
    const { tenant, admin } = await school(1)
    const otherSchool = await createTenant(cms.payload)
    // An admin of both schools may add a member of the other school to this one, seats allowing.
    await cms.payload.update({
      collection: 'users',
      id: admin.id,
      data: {
        memberships: [
          { tenant, role: 'admin' },
          { tenant: otherSchool, role: 'admin' },
        ],
      },
      overrideAccess: true,
    })
    const person = await createMember(cms.payload, otherSchool, 'learner')
    const asAdmin = await jwtOf(admin.email)
    const added = await rest('PATCH', `users/${person.id}`, asAdmin, {
      memberships: [
        { tenant: otherSchool, role: 'learner' },
        { tenant, role: 'learner' },
      ],
    })
    expect(added.status).toBe(409)
    expect(await rolesOf(person.id)).toEqual([[otherSchool, 'learner']])
  })

  it('changing a role takes no seat, and the platform is not held to the limit', async () => {
    const { tenant, asAdmin } = await school(2)
    const learner = await createMember(cms.payload, tenant, 'learner')
    const promoted = await rest('PATCH', `users/${learner.id}`, asAdmin, {
      memberships: [{ tenant, role: 'instructor' }],
    })
    expect(promoted.status).toBe(200)
    const platform = await createKey(cms.payload, 'platform', null)
    const extra = await signUp(
      tenant,
      `service-keys API-Key ${platform.apiKey}`,
      `${unique('extra')}@example.com`,
    )
    expect(extra.status).toBe(201)
  })
})
