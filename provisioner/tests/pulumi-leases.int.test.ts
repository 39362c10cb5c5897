/**
 * The pulumi driver's stack leases on real PostgreSQL: how a dead holder (whose stale Pulumi lock
 * the driver may cancel) is told from a live one (whose update it waits for).
 */
import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTestDatabase, getTestServer, type TestDatabase } from '@lyceum/testing/db'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgStackLeases, type StackLeases } from '../src/drivers/pulumi/leases.ts'

let db: TestDatabase
let pool: pg.Pool
const opened: StackLeases[] = []

beforeAll(async () => {
  db = await createTestDatabase({ serverUrl: await getTestServer(), prefix: 'pulumi_leases' })
  pool = new pg.Pool({ connectionString: db.url, max: 6 })
})
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()))
  await pool?.end()
  await db?.drop()
})

async function open(options: { heartbeatMs?: number; staleAfterMs?: number } = {}) {
  const leases = await createPgStackLeases({ pool, ...options })
  opened.push(leases)
  return leases
}

async function seed(stack: string, holder: string, host: string, pid: number, ageMs: number) {
  await pool.query(
    `INSERT INTO provisioner.pulumi_leases (stack, holder, host, pid, heartbeat_at)
     VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5::float8 / 1000))`,
    [stack, holder, host, pid, ageMs],
  )
}

describe('pulumi stack leases', () => {
  it('gives a free stack, refuses it to a second holder while held, and frees it on release', async () => {
    const a = await open()
    const b = await open()
    expect(await a.claim('tenant-one')).toEqual({ acquired: true, previous: null })
    const refused = await b.claim('tenant-one')
    expect(refused.acquired).toBe(false)
    expect(refused.previous?.alive).toBe(true)
    await a.release('tenant-one')
    expect(await b.claim('tenant-one')).toEqual({ acquired: true, previous: null })
    await b.release('tenant-one')
  })

  it('takes over at once from a holder on this host whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    await seed('tenant-two', `${hostname()}:${dead}:crashed`, hostname(), dead, 0)
    const leases = await open()
    expect(await leases.claim('tenant-two')).toEqual({
      acquired: true,
      previous: { holder: `${hostname()}:${dead}:crashed`, alive: false },
    })
    await leases.release('tenant-two')
  })

  it('tells a stale holder elsewhere (dead) from a beating one (alive)', async () => {
    await seed('tenant-three', 'elsewhere:1:stale', 'another-host', 1, 10_000)
    await seed('tenant-four', 'elsewhere:1:fresh', 'another-host', 1, 100)
    const leases = await open({ staleAfterMs: 5_000 })
    expect(await leases.claim('tenant-three')).toEqual({
      acquired: true,
      previous: { holder: 'elsewhere:1:stale', alive: false },
    })
    expect(await leases.claim('tenant-four')).toEqual({
      acquired: false,
      previous: { holder: 'elsewhere:1:fresh', alive: true },
    })
    await leases.release('tenant-three')
  })

  it('keeps a held lease alive with heartbeats beyond the staleness delay', async () => {
    const holder = await open({ heartbeatMs: 100, staleAfterMs: 600 })
    const other = await open({ heartbeatMs: 100, staleAfterMs: 600 })
    await holder.claim('tenant-five')
    // Another host's view (no pid check): only the heartbeat keeps it alive.
    await pool.query(`UPDATE provisioner.pulumi_leases SET host = 'another-host' WHERE stack = 'tenant-five'`)
    await sleep(1_500)
    expect((await other.claim('tenant-five')).acquired).toBe(false)
    await holder.close()
    // Without beats it goes stale, and the next claim takes it over.
    const deadline = Date.now() + 20_000
    let claim = await other.claim('tenant-five')
    while (!claim.acquired && Date.now() < deadline) {
      await sleep(100)
      claim = await other.claim('tenant-five')
    }
    expect(claim).toMatchObject({ acquired: true, previous: { alive: false } })
  })
})
