/**
 * Moderation reports beyond the isolation matrix (decision 095): a member reports a lesson or a
 * media file of their school once; a second report of the same item is a 400 with a clear
 * message (and the database's unique index refuses it too); a foreign item answers exactly like a
 * missing one; members never read each other's reports; nobody but the platform decides one.
 * Over REST, as the members' own sessions.
 */
import { randomUUID } from 'node:crypto'
import { sql } from '@payloadcms/db-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'
import { createEnrolledLesson, createMedia, createMember, createTenant, PASSWORD } from './support/world.ts'

let cms: TestCms
let tenant: string
let otherTenant: string
let alice: { id: string; token: string }
let bob: { id: string; token: string }
let admin: { id: string; token: string }
let lesson: string
let course: string
let foreignLesson: string

async function signIn(tenantId: string, role: 'admin' | 'learner') {
  const member = await createMember(cms.payload, tenantId, role)
  const login = await cms.payload.login({
    collection: 'users',
    data: { email: member.email, password: PASSWORD },
  })
  return { id: member.id, token: login.token ?? '' }
}

beforeAll(async () => {
  cms = await startTestCms()
  tenant = await createTenant(cms.payload)
  otherTenant = await createTenant(cms.payload)
  alice = await signIn(tenant, 'learner')
  bob = await signIn(tenant, 'learner')
  admin = await signIn(tenant, 'admin')
  ;({ lesson, course } = await createEnrolledLesson(cms.payload, tenant, alice.id))
  ;({ lesson: foreignLesson } = await createEnrolledLesson(
    cms.payload,
    otherTenant,
    (await createMember(cms.payload, otherTenant, 'learner')).id,
  ))
})
afterAll(() => cms?.close())

async function rest(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${cms.baseUrl}/api/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    body: (await res.json()) as {
      doc?: Record<string, unknown>
      docs?: Array<Record<string, unknown>>
      errors?: Array<{ message: string; data?: { errors?: Array<{ path: string; message: string }> } }>
    },
  }
}

const fieldErrors = (body: Awaited<ReturnType<typeof rest>>['body']) =>
  (body.errors ?? []).flatMap((e) => e.data?.errors ?? [])

const reportsInDb = async (where: Record<string, unknown>) =>
  (await cms.payload.count({ collection: 'reports', where: where as never, overrideAccess: true })).totalDocs

describe('reporting a lesson', () => {
  it('files an open report with the course and item key set by the cms', async () => {
    const res = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: alice.id,
      itemType: 'lesson',
      lesson,
      reason: 'inappropriate',
      comment: 'Offensive example in the second paragraph.',
      // A member cannot decide their own report.
      status: 'dismissed',
      decidedBy: alice.id,
    })
    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({
      itemKey: `lesson:${lesson}`,
      course,
      status: 'open',
      reason: 'inappropriate',
    })
    expect(res.body.doc?.decidedBy ?? null).toBeNull()
  })

  it('answers a second report of the same item with a 400 "You already reported this."', async () => {
    const res = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: alice.id,
      itemType: 'lesson',
      lesson,
      reason: 'spam',
    })
    expect(res.status).toBe(400)
    expect(fieldErrors(res.body)).toEqual([{ path: 'lesson', message: 'You already reported this.' }])
    expect(await reportsInDb({ reporter: { equals: alice.id } })).toBe(1)
  })

  it('keeps one report per reporter and item in the database itself (unique index)', async () => {
    const { drizzle } = cms.payload.db as unknown as {
      drizzle: { execute(query: unknown): Promise<unknown> }
    }
    await expect(
      drizzle.execute(
        sql`insert into reports (tenant_id, item_type, lesson_id, item_key, reason, reporter_id, status)
            values (${tenant}, 'lesson', ${lesson}, ${`lesson:${lesson}`}, 'spam', ${alice.id}, 'open')`,
      ),
    ).rejects.toMatchObject({ cause: { code: '23505' } }) // unique_violation
  })

  it('answers simultaneous duplicates with one 201 and 400s, never a 500', async () => {
    const media = await createMedia(cms.payload, tenant)
    const body = { tenant, reporter: bob.id, itemType: 'media', media, reason: 'spam' }
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => rest(bob.token, 'POST', 'reports?depth=0', body)),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400, 400])
    expect(await reportsInDb({ media: { equals: media } })).toBe(1)
  })

  it('lets another member report the same item', async () => {
    const res = await rest(bob.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: bob.id,
      itemType: 'lesson',
      lesson,
      reason: 'copyright',
    })
    expect(res.status).toBe(201)
  })

  it('answers a foreign lesson exactly like a missing one, and stores nothing', async () => {
    const body = (id: string) => ({
      tenant,
      reporter: alice.id,
      itemType: 'lesson',
      lesson: id,
      reason: 'spam',
    })
    const foreign = await rest(alice.token, 'POST', 'reports', body(foreignLesson))
    const missing = await rest(alice.token, 'POST', 'reports', body(randomUUID()))
    expect(foreign.status).toBe(400)
    expect(missing.status).toBe(400)
    expect(fieldErrors(foreign.body)).toEqual(fieldErrors(missing.body))
    expect(fieldErrors(foreign.body)[0]?.path).toBe('lesson')
    expect(await reportsInDb({ lesson: { equals: foreignLesson } })).toBe(0)
  })

  it('refuses a report filed into another school or in another member’s name', async () => {
    const intoOther = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant: otherTenant,
      reporter: alice.id,
      itemType: 'lesson',
      lesson: foreignLesson,
      reason: 'spam',
    })
    expect(intoOther.status).toBe(403)
    const asBob = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: bob.id,
      itemType: 'media',
      media: await createMedia(cms.payload, tenant),
      reason: 'spam',
    })
    expect(asBob.status).toBe(403)
  })

  it('requires the item the type names', async () => {
    const res = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: alice.id,
      itemType: 'media',
      lesson,
      reason: 'other',
    })
    expect(res.status).toBe(400)
    expect(fieldErrors(res.body)[0]).toEqual({ path: 'media', message: 'Choose the media to report.' })
  })
})

describe('reporting a media file', () => {
  it('files a report keyed by the file, with the lesson it was shown on as context', async () => {
    const media = await createMedia(cms.payload, tenant)
    const res = await rest(alice.token, 'POST', 'reports?depth=0', {
      tenant,
      reporter: alice.id,
      itemType: 'media',
      media,
      lesson,
      reason: 'copyright',
    })
    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ itemKey: `media:${media}`, course })
  })
})

describe('reading and deciding', () => {
  it('shows a member only their own reports, and the school admin none', async () => {
    const mine = await rest(alice.token, 'GET', 'reports?limit=50&depth=0')
    expect(mine.status).toBe(200)
    expect(mine.body.docs?.length).toBeGreaterThan(0)
    expect(mine.body.docs?.every((d) => d.reporter === alice.id)).toBe(true)
    const bobs = await cms.payload.find({
      collection: 'reports',
      where: { reporter: { equals: bob.id } },
      overrideAccess: true,
    })
    const bobReport = bobs.docs[0]?.id ?? ''
    expect((await rest(alice.token, 'GET', `reports/${bobReport}`)).status).toBe(404)
    const asAdmin = await rest(admin.token, 'GET', 'reports?limit=50')
    expect(asAdmin.body.docs).toEqual([])
  })

  it('lets no member decide a report: their own is refused, another’s is missing', async () => {
    const own = (await rest(alice.token, 'GET', 'reports?limit=1&depth=0')).body.docs?.[0]?.id
    const res = await rest(alice.token, 'PATCH', `reports/${own}`, { status: 'dismissed' })
    expect(res.status).toBe(403)
    const bobs = await cms.payload.find({ collection: 'reports', where: { reporter: { equals: bob.id } } })
    const other = await rest(alice.token, 'PATCH', `reports/${bobs.docs[0]?.id}`, { status: 'dismissed' })
    expect(other.status).toBe(404)
    expect(await reportsInDb({ and: [{ id: { equals: own } }, { status: { equals: 'open' } }] })).toBe(1)
  })
})
