import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { databaseExists, dropDatabase, withClient, withDatabase } from '@lyceum/postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestDatabase,
  dropLeakedTestDatabases,
  ensureTemplate,
  getTestServer,
  type TestDatabase,
  testServerConfig,
} from './db.ts'

let server: string
const toDrop: string[] = []
beforeAll(async () => {
  server = await getTestServer()
})
afterAll(async () => {
  for (const name of toDrop) await dropDatabase(server, name)
})

const rows = <T>(url: string, sql: string) =>
  withClient(url, async (client) => (await client.query(sql)).rows as T[])
const unique = () => `h${randomBytes(4).toString('hex')}`
const fingerprint = () => randomBytes(32).toString('hex')

/** A build that migrates a tiny schema, counting its calls and taking a while. */
function countingBuild(delayMs = 0) {
  const build = async (url: string) => {
    build.calls++
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    await rows(
      url,
      "CREATE TABLE course (id serial PRIMARY KEY, title text); INSERT INTO course (title) VALUES ('seed')",
    )
  }
  build.calls = 0
  return build
}

describe('getTestServer', () => {
  it('returns the shared server, the same one on every call', async () => {
    expect(await getTestServer()).toBe(server)
    const [row] = await rows<{ data_directory: string }>(server, 'SHOW data_directory')
    const expected = process.env.DATABASE_URL ? expect.any(String) : testServerConfig().dataDir
    expect(row?.data_directory).toEqual(expected)
    expect(new URL(server).pathname).toBe('/postgres')
  })
})

describe('ensureTemplate', () => {
  it('builds once for a fingerprint, even when two callers race, then reuses it', async () => {
    const name = unique()
    const fp = fingerprint()
    const build = countingBuild(300)
    const [a, b] = await Promise.all([
      ensureTemplate({ serverUrl: server, name, fingerprint: fp, build }),
      ensureTemplate({ serverUrl: server, name, fingerprint: fp, build }),
    ])
    toDrop.push(a)
    expect(a).toBe(`${name}_${fp.slice(0, 12)}`)
    expect(b).toBe(a)
    expect(build.calls).toBe(1)

    expect(await ensureTemplate({ serverUrl: server, name, fingerprint: fp, build })).toBe(a)
    expect(build.calls).toBe(1)
    const [db] = await rows<{ datistemplate: boolean; datallowconn: boolean }>(
      server,
      `SELECT datistemplate, datallowconn FROM pg_database WHERE datname = '${a}'`,
    )
    expect(db).toEqual({ datistemplate: true, datallowconn: false })
  })

  it('rebuilds for a new fingerprint and drops the stale template', async () => {
    const name = unique()
    const first = await ensureTemplate({
      serverUrl: server,
      name,
      fingerprint: fingerprint(),
      build: countingBuild(),
    })
    toDrop.push(first)
    const build = countingBuild()
    const second = await ensureTemplate({ serverUrl: server, name, fingerprint: fingerprint(), build })
    toDrop.push(second)
    expect(second).not.toBe(first)
    expect(build.calls).toBe(1)
    expect(await databaseExists(server, first)).toBe(false)
    expect(await databaseExists(server, second)).toBe(true)
  })

  it('drops a half-built template when build fails, and builds again next time', async () => {
    const name = unique()
    const fp = fingerprint()
    const failing = ensureTemplate({
      serverUrl: server,
      name,
      fingerprint: fp,
      build: async (url) => {
        await rows(url, 'CREATE TABLE half (v int)')
        throw new Error('migration 0003 is broken')
      },
    })
    await expect(failing).rejects.toThrow(
      `Building template ${name}_${fp.slice(0, 12)} failed: migration 0003 is broken`,
    )
    expect(await databaseExists(server, `${name}_${fp.slice(0, 12)}`)).toBe(false)

    const build = countingBuild()
    toDrop.push(await ensureTemplate({ serverUrl: server, name, fingerprint: fp, build }))
    expect(build.calls).toBe(1)
  })

  it('closes connections the build left open, so the template can be cloned', async () => {
    const name = unique()
    const template = await ensureTemplate({
      serverUrl: server,
      name,
      fingerprint: fingerprint(),
      build: async (url) => {
        const { default: pg } = await import('pg')
        const leaked = new pg.Client(url)
        leaked.on('error', () => {}) // it will be terminated
        await leaked.connect()
        await leaked.query('CREATE TABLE t (v int)')
      },
    })
    toDrop.push(template)
    const db = await createTestDatabase({ serverUrl: server, template })
    expect(await rows(db.url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }])
    await db.drop()
  })

  it('refuses fingerprints and names that cannot make a database name', async () => {
    const build = countingBuild()
    await expect(
      ensureTemplate({ serverUrl: server, name: 'ok', fingerprint: 'ABC', build }),
    ).rejects.toThrow(/fingerprint must be lowercase/)
    await expect(
      ensureTemplate({ serverUrl: server, name: 'Bad-Name', fingerprint: 'abc', build }),
    ).rejects.toThrow(/Invalid database name/)
    expect(build.calls).toBe(0)
  })
})

describe('createTestDatabase', () => {
  let template: string
  beforeAll(async () => {
    template = await ensureTemplate({
      serverUrl: server,
      name: unique(),
      fingerprint: fingerprint(),
      build: countingBuild(),
    })
    toDrop.push(template)
  })

  it('gives independent clones of the template, and drops them', async () => {
    const a = await createTestDatabase({ serverUrl: server, template, prefix: 'harness' })
    const b = await createTestDatabase({ serverUrl: server, template, prefix: 'harness' })
    expect(a.name).toMatch(new RegExp(`^harness_${process.pid}_[0-9a-f]{8}$`))
    expect(a.name).not.toBe(b.name)
    expect(a.url).toBe(withDatabase(server, a.name))

    await rows(a.url, "INSERT INTO course (title) VALUES ('only in a')")
    expect(await rows(a.url, 'SELECT title FROM course ORDER BY id')).toEqual([
      { title: 'seed' },
      { title: 'only in a' },
    ])
    expect(await rows(b.url, 'SELECT title FROM course ORDER BY id')).toEqual([{ title: 'seed' }])

    await withClient(a.url, async () => {
      await a.drop() // even with a session still open
    })
    await a.drop()
    await b.drop()
    expect(await databaseExists(server, a.name)).toBe(false)
    expect(await databaseExists(server, b.name)).toBe(false)
  })

  it('without a template, creates an empty database', async () => {
    const db = await createTestDatabase({ serverUrl: server })
    expect(
      await rows(db.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"),
    ).toEqual([{ n: 0 }])
    await db.drop()
  })

  it('waits while another session holds the template, beyond PostgreSQL’s own 5 s', async () => {
    // A template that still allows connections, with a session open for 6 s.
    const source = await createTestDatabase({ serverUrl: server, prefix: 'busy' })
    const held = withClient(source.url, (client) => client.query('SELECT pg_sleep(6)'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    let clone: TestDatabase | undefined
    try {
      clone = await createTestDatabase({ serverUrl: server, template: source.name })
      expect(await databaseExists(server, clone.name)).toBe(true)
    } finally {
      await held
      await clone?.drop()
      await source.drop()
    }
  })

  it('refuses a prefix that cannot make a database name', async () => {
    await expect(createTestDatabase({ serverUrl: server, prefix: 'Bad' })).rejects.toThrow(/prefix must be/)
  })
})

describe('dropLeakedTestDatabases', () => {
  it('drops the databases of dead processes and keeps those of live ones', async () => {
    const live = await createTestDatabase({ serverUrl: server, prefix: 'leak' })
    const dead = await createTestDatabase({ serverUrl: server, prefix: 'leak' })
    const deadPid = spawnSync('true').pid
    await rows(server, `COMMENT ON DATABASE ${dead.name} IS 'lyceum-test-database pid=${deadPid}'`)

    const dropped = await dropLeakedTestDatabases(server)
    expect(dropped).toContain(dead.name)
    expect(dropped).not.toContain(live.name)
    expect(await databaseExists(server, dead.name)).toBe(false)
    expect(await databaseExists(server, live.name)).toBe(true)
    await live.drop()
  })
})
