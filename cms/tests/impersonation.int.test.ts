/**
 * Read-only impersonation (decision 100) against a real cms: the platform key asks for a ticket,
 * a school's key redeems it into a session, the session reads as the school's admin and every
 * write it tries is refused by the cms; expired, reused, forged and other schools' tickets are
 * refused alike; start and end land in the audit log.
 */
import { randomUUID } from 'node:crypto'
import { type CmsClient, CmsError, createCmsClient } from '@lyceum/cms-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signImpersonation } from '../src/lib/impersonation.ts'
import { startTestCms, type TestCms } from './support/cms.ts'
import { createCourse, createKey, createMember, createTenant } from './support/world.ts'

let cms: TestCms
let anonymous: CmsClient
let platform: CmsClient
let keyA: CmsClient
let keyB: CmsClient
let schoolA: string
let schoolB: string
let adminA: { id: string; email: string }
let superAdmin: { id: string; email: string }
let courseA: string

beforeAll(async () => {
  cms = await startTestCms()
  anonymous = createCmsClient({ baseUrl: cms.baseUrl, timeoutMs: 30_000 })
  schoolA = await createTenant(cms.payload)
  schoolB = await createTenant(cms.payload)
  // The admin of A also teaches at B: the session must still see A only.
  adminA = await createMember(cms.payload, schoolA, 'admin')
  await cms.payload.update({
    collection: 'users',
    id: adminA.id,
    data: {
      memberships: [
        { tenant: schoolA, role: 'admin' },
        { tenant: schoolB, role: 'instructor' },
      ],
    },
    overrideAccess: true,
  })
  await createMember(cms.payload, schoolA, 'learner')
  superAdmin = await createMember(cms.payload, null, 'learner', { platformRole: 'super-admin' })
  courseA = await createCourse(cms.payload, schoolA, true)
  await createCourse(cms.payload, schoolB, true)
  platform = anonymous.withAuth({ apiKey: (await createKey(cms.payload, 'platform', null)).apiKey })
  keyA = anonymous.withAuth({ apiKey: (await createKey(cms.payload, 'tenant', schoolA)).apiKey })
  keyB = anonymous.withAuth({ apiKey: (await createKey(cms.payload, 'tenant', schoolB)).apiKey })
}, 120_000)

afterAll(async () => {
  await cms?.close()
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (error instanceof CmsError) return error.code
    throw error
  }
}

async function auditOf(action: string, id: string) {
  const { docs } = await platform.find('audit-log', {
    where: { action: { equals: action }, target: { equals: `impersonations:${id}` } },
  })
  return docs
}

describe('tickets', () => {
  it('only the platform key gets one, for a super-admin and a school with an admin', async () => {
    const input = { tenant: schoolA, by: superAdmin.id }
    expect(await codeOf(keyA.impersonationTicket(input))).toBe('forbidden')
    expect(await codeOf(anonymous.impersonationTicket(input))).toBe('forbidden')
    expect(await codeOf(platform.impersonationTicket({ tenant: schoolA, by: adminA.id }))).toBe('validation')
    expect(await codeOf(platform.impersonationTicket({ tenant: randomUUID(), by: superAdmin.id }))).toBe(
      'not_found',
    )
    const empty = await createTenant(cms.payload)
    expect(await codeOf(platform.impersonationTicket({ tenant: empty, by: superAdmin.id }))).toBe('conflict')
    const ticket = await platform.impersonationTicket(input)
    expect(ticket.admin).toEqual({ id: adminA.id, email: adminA.email })
    const life = new Date(ticket.expiresAt).getTime() - Date.now()
    expect(life).toBeGreaterThan(60_000)
    expect(life).toBeLessThanOrEqual(2 * 60_000)
  })

  it('is refused by another school, refused when tampered with, and single use', async () => {
    const { ticket, ticketId } = await platform.impersonationTicket({ tenant: schoolA, by: superAdmin.id })
    expect(await codeOf(keyB.redeemImpersonation(ticket))).toBe('forbidden')
    expect(await codeOf(platform.redeemImpersonation(ticket))).toBe('forbidden')
    const [prefix, body, mac] = ticket.split('.')
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'))
    const forged = `${prefix}.${Buffer.from(JSON.stringify({ ...claims, tenant: schoolB })).toString('base64url')}.${mac}`
    expect(await codeOf(keyB.redeemImpersonation(forged))).toBe('forbidden')
    // Two redemptions at once: exactly one wins.
    const results = await Promise.all(
      [keyA.redeemImpersonation(ticket), keyA.redeemImpersonation(ticket)].map(codeOf),
    )
    expect(results.sort()).toEqual(['forbidden', 'ok'])
    expect(await codeOf(keyA.redeemImpersonation(ticket))).toBe('forbidden')
    const starts = await auditOf('admin.impersonation.start', ticketId)
    expect(starts).toHaveLength(1)
    expect(starts[0]?.actor).toBe(`user:${superAdmin.id}`)
    expect(starts[0]?.details).toMatchObject({ by: superAdmin.email, admin: adminA.email, readOnly: true })
  })

  it('an expired ticket is refused', async () => {
    const expired = signImpersonation(cms.payload.secret, {
      k: 'ticket',
      id: randomUUID(),
      tenant: schoolA,
      admin: adminA.id,
      adminEmail: adminA.email,
      by: superAdmin.id,
      byEmail: superAdmin.email,
      exp: Date.now() - 1000,
    })
    expect(await codeOf(keyA.redeemImpersonation(expired))).toBe('forbidden')
  })
})

describe('a session', () => {
  let session: Awaited<ReturnType<CmsClient['redeemImpersonation']>>
  let viewer: CmsClient

  beforeAll(async () => {
    const { ticket } = await platform.impersonationTicket({ tenant: schoolA, by: superAdmin.id })
    session = await keyA.redeemImpersonation(ticket)
    viewer = anonymous.withAuth({ impersonation: session.session })
  })

  it('reads as the school admin, 15 minutes long, and sees that school only', async () => {
    const life = new Date(session.endsAt).getTime() - Date.now()
    expect(life).toBeGreaterThan(14 * 60_000)
    expect(life).toBeLessThanOrEqual(15 * 60_000)
    const me = await viewer.me()
    expect(me?.email).toBe(adminA.email)
    // An admin reads the school's members and audit log; nothing of school B.
    const members = await viewer.find('users', { where: { 'memberships.tenant': { equals: schoolA } } })
    expect(members.totalDocs).toBeGreaterThanOrEqual(2)
    const courses = await viewer.find('courses', { limit: 0 })
    expect(
      courses.docs.map((c) => c.tenant && (typeof c.tenant === 'string' ? c.tenant : c.tenant.id)),
    ).toEqual(courses.docs.map(() => schoolA))
    expect(await viewer.count('courses', { where: { tenant: { equals: schoolB } } })).toBe(0)
  })

  it('every write is refused by the cms, and nothing changes', async () => {
    const before = await cms.payload.findByID({ collection: 'courses', id: courseA, overrideAccess: true })
    expect(await codeOf(viewer.update('courses', courseA, { title: 'Changed while impersonating' }))).toBe(
      'forbidden',
    )
    expect(await codeOf(viewer.delete('courses', courseA))).toBe('forbidden')
    expect(
      await codeOf(
        viewer.create('courses', { title: 'New', slug: `new-${randomUUID().slice(0, 6)}`, tenant: schoolA }),
      ),
    ).toBe('forbidden')
    expect(await codeOf(viewer.update('users', adminA.id, { name: 'Renamed' }))).toBe('forbidden')
    // GraphQL: reads answer, the mutation is refused.
    const graphql = async (query: string) => {
      const response = await fetch(`${cms.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Impersonation ${session.session}` },
        body: JSON.stringify({ query }),
      })
      return (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] }
    }
    const read = await graphql('{ Courses { totalDocs } }')
    expect(read.errors).toBeUndefined()
    expect(read.data?.Courses).toMatchObject({ totalDocs: 1 })
    const mutation = await graphql(
      `mutation { updateCourse(id: "${courseA}", data: { title: "Changed" }) { id } }`,
    )
    expect(mutation.errors?.length).toBeGreaterThan(0)
    const after = await cms.payload.findByID({ collection: 'courses', id: courseA, overrideAccess: true })
    expect(after.title).toBe(before.title)
    expect(await cms.payload.count({ collection: 'courses', where: { title: { equals: 'New' } } })).toEqual({
      totalDocs: 0,
    })
  })

  it('ends once: audit-logged, then it signs no one in', async () => {
    expect(await codeOf(keyB.endImpersonation(session.session, 'exit'))).toBe('forbidden')
    await keyA.endImpersonation(session.session, 'exit')
    await keyA.endImpersonation(session.session, 'exit')
    const ends = await auditOf('admin.impersonation.end', session.id)
    expect(ends).toHaveLength(1)
    expect(ends[0]?.details).toMatchObject({ reason: 'exit', admin: adminA.email })
    expect(await viewer.me()).toBeNull()
  })

  it('an expired session signs no one in', async () => {
    const expired = signImpersonation(cms.payload.secret, {
      k: 'session',
      id: randomUUID(),
      tenant: schoolA,
      admin: adminA.id,
      adminEmail: adminA.email,
      by: superAdmin.id,
      byEmail: superAdmin.email,
      exp: Date.now() - 1000,
    })
    expect(await anonymous.withAuth({ impersonation: expired }).me()).toBeNull()
    // Its end can still be recorded (the instance does so when it finds the cookie expired).
    await keyA.endImpersonation(expired, 'exit')
  })
})
