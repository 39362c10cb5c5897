import { createTestDatabase, getTestServer, type TestDatabase } from '@lyceum/testing/db'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastForwardLifecycle, requestLifecycle, tenantJobs } from '../src/engine/queue.ts'

const DAY = 24 * 60 * 60 * 1000
let db: TestDatabase
let pool: pg.Pool

beforeAll(async () => {
  db = await createTestDatabase({ serverUrl: await getTestServer(), prefix: 'fastforward' })
  pool = new pg.Pool({ connectionString: db.url, max: 2 })
})

afterAll(async () => {
  await pool?.end()
  await db?.drop()
})

describe('fastForwardLifecycle (the sandbox time machine)', () => {
  it('makes the earliest waiting job due, one per call, and leaves other schools alone', async () => {
    const school = '00000000-0000-4000-8000-00000000000a'
    const other = '00000000-0000-4000-8000-00000000000b'
    const inAWeek = new Date(Date.now() + 7 * DAY)
    await requestLifecycle(pool, {
      tenantId: school,
      action: 'deprovision',
      runAt: new Date(Date.now() + 30 * DAY),
    })
    await requestLifecycle(pool, { tenantId: school, action: 'suspend', runAt: inAWeek })
    await requestLifecycle(pool, { tenantId: other, action: 'suspend', runAt: inAWeek })

    const first = await fastForwardLifecycle(pool, school)
    expect(first).toMatchObject({ task: 'lyceum_lifecycle', key: `lifecycle:${school}:suspend` })
    expect(Math.abs((first?.wasDueAt.getTime() ?? 0) - inAWeek.getTime())).toBeLessThan(1000)
    const afterFirst = await tenantJobs(pool, school)
    const suspend = afterFirst.find((j) => j.key?.endsWith(':suspend'))
    const deprovision = afterFirst.find((j) => j.key?.endsWith(':deprovision'))
    expect(suspend?.runAt.getTime()).toBeLessThanOrEqual(Date.now())
    expect(deprovision?.runAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY)

    const second = await fastForwardLifecycle(pool, school)
    expect(second?.key).toBe(`lifecycle:${school}:deprovision`)
    expect(await fastForwardLifecycle(pool, school)).toBeNull()

    const untouched = await tenantJobs(pool, other)
    expect(untouched).toHaveLength(1)
    expect(untouched[0]?.runAt.getTime()).toBeGreaterThan(Date.now() + 6 * DAY)
  })

  it('answers null for a school with nothing queued', async () => {
    expect(await fastForwardLifecycle(pool, '00000000-0000-4000-8000-00000000000c')).toBeNull()
  })
})
