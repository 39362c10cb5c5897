import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_SCHOOLS, SUPER_ADMIN_EMAIL } from '../src/seed/demo.ts'
import { PLANS } from '../src/seed/plans.ts'
import { installLocalPlatformKey, type SeedReport, seedDemo, seedPlans } from '../src/seed/seed.ts'
import { startTestCms, type TestCms } from './support/cms.ts'

let cms: TestCms
beforeAll(async () => {
  cms = await startTestCms()
})
afterAll(() => cms?.close())

const COLLECTIONS = ['plans', 'tenants', 'users', 'courses', 'sections', 'lessons', 'audit-log'] as const

/** Row count and newest `updatedAt` of every seeded collection: any write changes one of them. */
async function fingerprint() {
  const out: Record<string, { count: number; newest: string | null }> = {}
  for (const collection of COLLECTIONS) {
    const res = await cms.payload.find({
      collection,
      sort: '-updatedAt',
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    out[collection] = { count: res.totalDocs, newest: (res.docs[0]?.updatedAt as string | undefined) ?? null }
  }
  return out
}

async function seed(): Promise<SeedReport> {
  const report: SeedReport = { created: [], updated: [] }
  await seedDemo(cms.payload, await seedPlans(cms.payload, report), report)
  return report
}

describe('demo seed', () => {
  it('creates two schools, each with a member of every role and a complete course', async () => {
    const report = await seed()
    expect(report.created).toContain('tenant:northwind')
    expect(report.created).toContain('tenant:lumiere')
    for (const school of DEMO_SCHOOLS) {
      const tenant = (
        await cms.payload.find({
          collection: 'tenants',
          where: { slug: { equals: school.slug } },
          overrideAccess: true,
        })
      ).docs[0]
      expect(tenant?.locale).toBe(school.locale)
      const lessons = await cms.payload.find({
        collection: 'lessons',
        where: { tenant: { equals: tenant?.id } },
        limit: 100,
        depth: 0,
        overrideAccess: true,
      })
      expect(lessons.totalDocs).toBeGreaterThanOrEqual(6)
      for (const lesson of lessons.docs) {
        expect(JSON.stringify(lesson.content).length).toBeGreaterThan(1000) // real text, not a stub
        expect(lesson.course).toEqual(expect.any(String))
      }
      const roles = new Set<string>()
      for (const member of school.members) {
        const login = await cms.payload.login({
          collection: 'users',
          data: { email: member.email, password: DEMO_PASSWORD },
        })
        const row = (login.user?.memberships ?? []).find(
          (m) => (typeof m.tenant === 'object' ? m.tenant.id : m.tenant) === tenant?.id,
        )
        roles.add(String(row?.role))
      }
      expect([...roles].sort()).toEqual(['admin', 'instructor', 'learner'])
    }
    const superAdmin = await cms.payload.login({
      collection: 'users',
      data: { email: SUPER_ADMIN_EMAIL, password: DEMO_PASSWORD },
    })
    expect(superAdmin.user?.platformRole).toBe('super-admin')
    expect((await cms.payload.count({ collection: 'plans', overrideAccess: true })).totalDocs).toBe(
      PLANS.length,
    )
  })

  it('changes nothing when run again', async () => {
    const before = await fingerprint()
    const report = await seed()
    expect(report).toEqual({ created: [], updated: [] })
    expect(await fingerprint()).toEqual(before)
  })

  it('brings an edited plan back to its definition, and only that plan', async () => {
    const starter = (
      await cms.payload.find({
        collection: 'plans',
        where: { code: { equals: 'starter' } },
        overrideAccess: true,
      })
    ).docs[0]
    await cms.payload.update({
      collection: 'plans',
      id: String(starter?.id),
      data: { priceMinor: 1 },
      overrideAccess: true,
    })
    const report: SeedReport = { created: [], updated: [] }
    await seedPlans(cms.payload, report)
    expect(report).toEqual({ created: [], updated: ['plan:starter'] })
  })
})

describe('local platform key (npm start)', () => {
  const canRead = async (apiKey: string) =>
    (
      await fetch(`${cms.baseUrl}/api/billing-events?limit=1`, {
        headers: { authorization: `service-keys API-Key ${apiKey}` },
      })
    ).status

  it('installs the key, and a later start rotates it: the old key stops working', async () => {
    const first = 'plk_first_0123456789abcdef'
    const second = 'plk_second_0123456789abcdef'
    await installLocalPlatformKey(cms.payload, first, { created: [], updated: [] })
    expect(await canRead(first)).toBe(200)
    await installLocalPlatformKey(cms.payload, second, { created: [], updated: [] })
    expect(await canRead(second)).toBe(200)
    expect(await canRead(first)).toBe(403)
  })
})
