import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withClient } from './client.ts'
import { createDatabase, databaseExists, dropDatabase } from './databases.ts'
import type { EmbeddedPostgresServer } from './embedded.ts'
import { withDatabase } from './names.ts'
import { startOnRandomPort, tempDir } from './test-helpers.ts'

let dataDir: string
let server: EmbeddedPostgresServer
beforeAll(async () => {
  dataDir = await tempDir()
  server = await startOnRandomPort({ dataDir })
})
afterAll(async () => {
  await server?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const rows = (url: string, sql: string) => withClient(url, async (client) => (await client.query(sql)).rows)

describe('createDatabase / databaseExists / dropDatabase', () => {
  it('creates, finds and drops a database; dropping twice is fine', async () => {
    expect(await databaseExists(server.url, 'app_one')).toBe(false)
    await createDatabase(server.url, 'app_one')
    expect(await databaseExists(server.url, 'app_one')).toBe(true)
    await dropDatabase(server.url, 'app_one')
    expect(await databaseExists(server.url, 'app_one')).toBe(false)
    await dropDatabase(server.url, 'app_one')
  })

  it('copies a template, including its data', async () => {
    await createDatabase(server.url, 'tpl_src')
    await rows(withDatabase(server.url, 'tpl_src'), 'CREATE TABLE t (v int); INSERT INTO t VALUES (42)')
    await createDatabase(server.url, 'tpl_copy', { template: 'tpl_src' })
    expect(await rows(withDatabase(server.url, 'tpl_copy'), 'SELECT v FROM t')).toEqual([{ v: 42 }])
  })

  it('drops a database that has open sessions and one marked as template', async () => {
    await createDatabase(server.url, 'busy')
    await withClient(withDatabase(server.url, 'busy'), async () => {
      await dropDatabase(server.url, 'busy')
    })
    expect(await databaseExists(server.url, 'busy')).toBe(false)

    await createDatabase(server.url, 'marked')
    await rows(server.url, 'ALTER DATABASE marked IS_TEMPLATE true')
    await dropDatabase(server.url, 'marked')
    expect(await databaseExists(server.url, 'marked')).toBe(false)
  })

  it('refuses names that are not plain identifiers, before touching the server', async () => {
    await expect(createDatabase(server.url, 'x"; DROP DATABASE postgres; --')).rejects.toThrow(
      /Invalid database name/,
    )
    await expect(createDatabase(server.url, 'ok_name', { template: 'Bad' })).rejects.toThrow(
      /Invalid database name/,
    )
    await expect(dropDatabase(server.url, 'Postgres')).rejects.toThrow(/Invalid database name/)
    await expect(databaseExists(server.url, '')).rejects.toThrow(/Invalid database name/)
    expect(await databaseExists(server.url, 'ok_name')).toBe(false)
  })
})
