/**
 * @lyceum/testing/db: real PostgreSQL for tests.
 *
 * Each test file gets its own database, cloned (`CREATE DATABASE … TEMPLATE`) from a migrated
 * template that is rebuilt only when the migrations' fingerprint changes:
 *
 *   const server = await getTestServer()
 *   const template = await ensureTemplate({ serverUrl: server, name: 'cms_tpl',
 *     fingerprint: fingerprintFiles([migrationsDir]), build: (url) => migrate(url) })
 *   const db = await createTestDatabase({ serverUrl: server, template })  // db.url, db.drop()
 *
 * The server is `DATABASE_URL`'s when set, else a shared embedded server (see getTestServer).
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { link, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import {
  assertDatabaseName,
  assertReachable,
  createDatabase,
  dropDatabase,
  isProcessAlive,
  quoteIdentifier,
  stopPostgresInDataDir,
  withClient,
  withDatabase,
} from '@lyceum/postgres'

/** Default port of the shared embedded test server (the dev server uses 54329). */
export const DEFAULT_TEST_PG_PORT = 54339

/** Where the shared embedded test server keeps its files, and how to reach it. */
export function testServerConfig(): { dataDir: string; port: number; url: string; logFile: string } {
  const dataRoot = path.join(repoRoot(), '.data')
  const raw = process.env.LYCEUM_TEST_PG_PORT
  const port = raw ? Number(raw) : DEFAULT_TEST_PG_PORT
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(
      `LYCEUM_TEST_PG_PORT=${raw} is not a port number: use a free port between 1024 and 65535.`,
    )
  }
  return {
    dataDir: path.join(dataRoot, 'test-postgres'),
    port,
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    logFile: path.join(dataRoot, 'test-postgres.log'),
  }
}

let serverPromise: Promise<string> | undefined

/**
 * URL of the PostgreSQL server tests use, pointing at its `postgres` maintenance database.
 *
 * - `DATABASE_URL` set: that server (checked with `assertReachable`).
 * - Otherwise the shared embedded test server: data in `<repo>/.data/test-postgres`, port
 *   `LYCEUM_TEST_PG_PORT` or 54339, log in `<repo>/.data/test-postgres.log`.
 *
 * Design: many processes call this at once (turbo runs one vitest per package, each with
 * several workers), and any of them may exit first, so no test process can own the server.
 * The first caller (under a lock file) spawns a small detached keeper process
 * (`test-server-keeper.ts`) that starts the embedded server and lives as long as it does;
 * everyone else finds it already listening and reuses it. It is left running for the next
 * run (which then starts in milliseconds); stop it with `stopTestServer()` or
 * `node packages/testing/src/stop-test-server.ts`.
 *
 * Memoised per process.
 *
 * @throws Error saying what to do if `DATABASE_URL` is unreachable, if the test port is taken
 *   by another program or another PostgreSQL (set `LYCEUM_TEST_PG_PORT`), or if the embedded
 *   server cannot start (the message includes its last log lines).
 */
export function getTestServer(): Promise<string> {
  serverPromise ??= resolveTestServer().catch((error: unknown) => {
    serverPromise = undefined
    throw error
  })
  return serverPromise
}

async function resolveTestServer(): Promise<string> {
  const databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) {
    const url = withDatabase(databaseUrl, 'postgres')
    await assertReachable(url)
    return url
  }
  const config = testServerConfig()
  if (await isTestServerUp(config)) return config.url
  await withLockFile(`${config.dataDir}.lock`, async () => {
    if (!(await isTestServerUp(config))) await spawnKeeper(config)
  })
  return config.url
}

/**
 * Stops the shared embedded test server (fast shutdown; its data, and so the templates, are
 * kept). Does nothing to a `DATABASE_URL` server.
 *
 * @returns `false` if it was not running.
 */
export async function stopTestServer(): Promise<boolean> {
  serverPromise = undefined
  return stopPostgresInDataDir(testServerConfig().dataDir)
}

/** true: our server answers; false: nothing listens yet (or it is starting). */
async function isTestServerUp(config: { dataDir: string; port: number; url: string }): Promise<boolean> {
  let dataDirectory: string | undefined
  try {
    dataDirectory = await withClient(
      config.url,
      async (client) =>
        (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory,
      2000,
    )
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ECONNREFUSED' || code === '57P03') return false
    throw new Error(
      `Port ${config.port} on 127.0.0.1 is in use, but not by the Lyceum test PostgreSQL ` +
        `(${error instanceof Error ? error.message : String(error)}). Stop that program, set ` +
        'LYCEUM_TEST_PG_PORT to a free port, or set DATABASE_URL to use your own server.',
      { cause: error },
    )
  }
  if (dataDirectory !== config.dataDir) {
    throw new Error(
      `Port ${config.port} serves another PostgreSQL (data directory ${dataDirectory}), not this ` +
        `checkout's test server (${config.dataDir}). Set LYCEUM_TEST_PG_PORT to a free port, or set ` +
        'DATABASE_URL to use that server.',
    )
  }
  return true
}

/** Flags for the throwaway test cluster: durability off, so commits and clones are cheap. */
const TEST_SERVER_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']

async function spawnKeeper(config: { dataDir: string; port: number; logFile: string }): Promise<void> {
  await mkdir(path.dirname(config.dataDir), { recursive: true })
  const log = await open(config.logFile, 'w')
  const keeperPath = fileURLToPath(new URL('./test-server-keeper.ts', import.meta.url))
  const args = JSON.stringify({
    dataDir: config.dataDir,
    port: config.port,
    postgresFlags: TEST_SERVER_FLAGS,
  })
  const env = { ...process.env }
  delete env.NODE_OPTIONS // vitest's loaders have no business in the keeper
  // detached: own session, so Ctrl-C in a terminal or the test process exiting leaves it alone.
  // Its output goes to a file: an inherited pipe would keep turbo waiting for it to close.
  const keeper = spawn(process.execPath, [keeperPath, args], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd, 'ipc'],
    env,
  })
  await log.close()
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer after 60 s')), 60_000)
      keeper.once('message', (message: { ready?: string; error?: string }) => {
        clearTimeout(timer)
        if (message.ready) resolve()
        else reject(new Error(message.error ?? 'unknown error'))
      })
      keeper.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the keeper process exited (code ${code})`))
      })
    })
  } catch (error) {
    keeper.kill()
    const tail = existsSync(config.logFile) ? readFileSync(config.logFile, 'utf8').split('\n').slice(-15) : []
    throw new Error(
      `Could not start the embedded test PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n` +
        `Log (${config.logFile}):\n${tail.join('\n')}`,
      { cause: error },
    )
  }
  keeper.disconnect()
  keeper.unref()
}

/**
 * Runs `fn` while holding an exclusive lock file (created atomically with the holder's PID). A
 * lock whose holder process is dead is taken over.
 */
async function withLockFile<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  await mkdir(path.dirname(lockPath), { recursive: true })
  const mine = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`
  await writeFile(mine, String(process.pid))
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      try {
        await link(mine, lockPath) // atomic, and the PID is in it from the start
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(holder) && !isProcessAlive(holder)) {
        await rm(lockPath, { force: true })
        continue
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for ${lockPath} (held by PID ${holder}). If no tests run, delete it.`,
        )
      }
      await sleep(50)
    }
  } finally {
    await rm(mine, { force: true })
  }
  try {
    return await fn()
  } finally {
    await rm(lockPath, { force: true })
  }
}

let root: string | undefined
/** The monorepo root: the nearest directory above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  if (root) return root
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}.`)
    dir = parent
  }
  root = dir
  return dir
}

/**
 * sha256 (64 hex characters) over the files under `paths` (files, or directories searched
 * recursively), in path order. Each file counts with its path relative to the given directory
 * (prefixed by that directory's name) and its bytes, so the result does not depend on where the
 * checkout lives. Pass it to `ensureTemplate` as the fingerprint of a migrations folder.
 *
 * @throws Error if a path does not exist.
 */
export function fingerprintFiles(paths: string[]): string {
  const files: Array<{ key: string; file: string }> = []
  for (const given of paths) {
    const absolute = path.resolve(given)
    if (!existsSync(absolute)) throw new Error(`fingerprintFiles: ${absolute} does not exist.`)
    const base = path.basename(absolute)
    if (statSync(absolute).isDirectory()) {
      for (const rel of readdirSync(absolute, { recursive: true, encoding: 'utf8' })) {
        const file = path.join(absolute, rel)
        if (statSync(file).isFile()) files.push({ key: `${base}/${rel.split(path.sep).join('/')}`, file })
      }
    } else {
      files.push({ key: base, file: absolute })
    }
  }
  files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const hash = createHash('sha256')
  for (const { key, file } of files) {
    hash.update(`${key}\0`)
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

const TEMPLATE_MARK = 'lyceum-template complete'

/**
 * Returns the name of a complete template database for `fingerprint`, building it if needed.
 *
 * The template is `${name}_${fingerprint.slice(0, 12)}`. If it exists and is marked complete it
 * is reused. Otherwise, under a PostgreSQL advisory lock (so concurrent processes build it once),
 * it is created empty, `build(url)` fills it (e.g. runs migrations; connections it leaves open
 * are closed), and it is marked complete, `IS_TEMPLATE true` and `ALLOW_CONNECTIONS false`.
 * Templates with the same `name` and another fingerprint are dropped.
 *
 * @param opts.serverUrl the server's maintenance database URL (from `getTestServer`).
 * @param opts.name lowercase letters, digits, `_`; at most 50 characters.
 * @param opts.fingerprint lowercase letters and digits, e.g. from `fingerprintFiles`.
 * @throws Error on invalid names, or `Building template … failed: …` (the half-built template
 *   is dropped) when `build` throws.
 */
export async function ensureTemplate(opts: {
  serverUrl: string
  name: string
  fingerprint: string
  build: (databaseUrl: string) => Promise<void>
}): Promise<string> {
  if (!/^[a-z0-9]+$/.test(opts.fingerprint)) {
    throw new Error(
      `ensureTemplate: fingerprint must be lowercase letters and digits, got ${JSON.stringify(opts.fingerprint)}.`,
    )
  }
  const template = `${opts.name}_${opts.fingerprint.slice(0, 12)}`
  assertDatabaseName(template)
  const mark = `${TEMPLATE_MARK} ${opts.fingerprint}`
  const lockKey = createHash('sha256')
    .update(`lyceum-template:${opts.name}`)
    .digest()
    .readBigInt64BE()
    .toString()

  return withClient(opts.serverUrl, async (client) => {
    const isComplete = async () => {
      const { rows } = await client.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [template],
      )
      return rows[0]?.comment === mark
    }
    if (await isComplete()) return template

    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey])
    try {
      if (await isComplete()) return template
      const { rows: stale } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname ~ $1 AND datname <> $2',
        [`^${opts.name}_[a-z0-9]{1,12}$`, template],
      )
      for (const { datname } of stale) await dropDatabase(opts.serverUrl, datname)
      await dropDatabase(opts.serverUrl, template) // a half-built leftover
      await createDatabase(opts.serverUrl, template)
      try {
        await opts.build(withDatabase(opts.serverUrl, template))
      } catch (error) {
        await dropDatabase(opts.serverUrl, template)
        throw new Error(
          `Building template ${template} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        )
      }
      const ident = quoteIdentifier(template)
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [template],
      )
      await client.query(`ALTER DATABASE ${ident} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`)
      await client.query(`COMMENT ON DATABASE ${ident} IS '${mark}'`)
      return template
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey])
    }
  })
}

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string
  name: string
  /** Drops it (disconnecting any sessions still open). Safe to call twice. */
  drop(): Promise<void>
}

const TEST_DB_MARK = 'lyceum-test-database pid='

/**
 * Creates a fresh database named `${prefix}_${pid}_${random}` (prefix default `test`), a copy of
 * `template` if given (else of `template1`). Retries for a few seconds while another session is
 * connected to the template, which makes PostgreSQL refuse the copy.
 *
 * @throws Error if the prefix is not lowercase letters, digits and `_` (at most 40), or
 *   PostgreSQL's error.
 */
export async function createTestDatabase(opts: {
  serverUrl: string
  template?: string
  prefix?: string
}): Promise<TestDatabase> {
  const prefix = opts.prefix ?? 'test'
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(prefix)) {
    throw new Error(
      `createTestDatabase: prefix must be lowercase letters, digits or _ (at most 40), got "${prefix}".`,
    )
  }
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  for (let attempt = 1; ; attempt++) {
    try {
      await createDatabase(
        opts.serverUrl,
        name,
        opts.template === undefined ? {} : { template: opts.template },
      )
      break
    } catch (error) {
      // 55006 object_in_use: "source database … is being accessed by other users"
      if ((error as { code?: string }).code !== '55006' || attempt >= 6) throw error
      await sleep(50 * 2 ** attempt)
    }
  }
  await withClient(opts.serverUrl, (client) =>
    client.query(`COMMENT ON DATABASE ${quoteIdentifier(name)} IS '${TEST_DB_MARK}${process.pid}'`),
  )
  return { url: withDatabase(opts.serverUrl, name), name, drop: () => dropDatabase(opts.serverUrl, name) }
}

/**
 * Drops databases made by `createTestDatabase` in processes that no longer exist on this
 * machine (a crashed run or a forgotten `drop()`). Only meaningful for a server local to this
 * machine, like the embedded test server: the PIDs are this machine's.
 *
 * @returns the names dropped.
 */
export async function dropLeakedTestDatabases(serverUrl: string): Promise<string[]> {
  const { rows } = await withClient(serverUrl, (client) =>
    client.query<{ datname: string; comment: string }>(
      "SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database " +
        "WHERE shobj_description(oid, 'pg_database') LIKE $1",
      [`${TEST_DB_MARK}%`],
    ),
  )
  const leaked = rows.filter((row) => !isProcessAlive(Number(row.comment.slice(TEST_DB_MARK.length))))
  for (const { datname } of leaked) await dropDatabase(serverUrl, datname)
  return leaked.map((row) => row.datname)
}
