/**
 * The local driver: each school runs as its own OS process (the tenant-app production build, or
 * any `server.js` that answers `GET /healthz`) on a free loopback port, with its own env and its
 * log in `<dataDir>/tenants/<slug>/instance.log`. DNS records live in the state file (the local
 * "record store"); the gateway routes `<slug>.localhost` from the driver's state (see routes.ts).
 *
 * Crash safety (see processes.ts for the marker):
 * - **Intent before action.** Before a launch, the state file records the port and a fresh
 *   instance id with `pid: null`; the process carries that id in its env. A provisioner killed
 *   right after `spawn()` leaves a process the next one recognises by its id and adopts.
 *   `stop`/`destroy` record `desired: 'stopped'` before killing, so a crash mid-stop never
 *   restarts a school that was being stopped.
 * - **Never two.** Every launch first kills every process marked with the school's slug, so there
 *   is at most one instance per school whatever happened before.
 * - **Re-adoption.** On open, each school that should run is adopted when its recorded process is
 *   alive (not a zombie, same instance id) and its port answers `/healthz`; otherwise it is
 *   restarted. Marked processes that match no record are killed.
 * - Instances are detached: they outlive the provisioner (a restart re-adopts them instead of
 *   restarting every school). `close()` leaves them running.
 *
 * Scale to zero: with `idleMs` > 0, an instance that served no request (`touch`) for that long is
 * stopped into `sleeping`; `wake(slug)` starts it again and resolves once it is healthy.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  type ActualState,
  type DeploySpec,
  type DnsRecord,
  DriverError,
  type HealthResult,
  type InstanceInfo,
  type InstanceTarget,
  type TenantDriver,
} from '../types.ts'
import {
  DRIVER_MARKER,
  findMarkedProcesses,
  freePort,
  INSTANCE_MARKER,
  isRunning,
  type MarkedProcess,
  probe,
  terminate,
} from './processes.ts'
import { type DesiredState, hashEnv, type InstanceRecord, StateFile } from './state.ts'

/**
 * V8 flags of every school's instance. A young generation of 1 MB (semi-space; V8 grows it up to
 * 16 MB by default) keeps an idle instance near 100 MB RSS instead of 117 MB (bench/tenant-app,
 * decision 086).
 */
export const INSTANCE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1']

/** Options of {@link createLocalDriver}. Durations are in milliseconds. */
export type LocalDriverOptions = {
  /** Root of the driver's files: `local-driver/state.json`, `tenants/<slug>/instance.log`. */
  dataDir: string
  /** The server script each instance runs with Node (`tenant-app/.next/standalone/tenant-app/server.js`). */
  serverPath: string
  /** DNS records are `<slug>.<rootDomain>`. */
  rootDomain: string
  /** What the local records point at (default `127.0.0.1`, the gateway). */
  dnsTarget?: string
  /** Environment every instance inherits besides its own (e.g. PATH); default none. */
  baseEnv?: Record<string, string>
  /** Idle time before an instance is put to sleep; 0 (default) disables scale to zero. */
  idleMs?: number
  /** How often idleness is checked (default `min(idleMs / 4, 30 s)`, at least 100 ms). */
  idleCheckMs?: number
  /** How long a launch may take to listen, and `wake` to be healthy (default 30 s). */
  startTimeoutMs?: number
  /** SIGTERM grace before SIGKILL when stopping (default 5 s). */
  stopGraceMs?: number
  /** Node binary running the instances (default: the current one). */
  nodePath?: string
  /** Receives one line per notable event (default: console.log with a prefix). */
  log?: (line: string) => void
}

/** What {@link LocalDriver.open} did with the recorded instances. */
export type AdoptionReport = { adopted: string[]; restarted: string[]; killed: number[] }

/** The local driver: the {@link TenantDriver} operations plus what the gateway needs. */
export interface LocalDriver extends TenantDriver {
  readonly name: 'local'
  /** sha256 prefix of the data directory's real path; the marker in every instance's env. */
  readonly driverId: string
  readonly dataDir: string
  /**
   * Starts a sleeping (or crashed) instance and waits until `/healthz` answers 200.
   * @returns its target. @throws DriverError `not_deployed`, `unavailable` (stopped on purpose:
   *   a suspended school is not woken), `start_failed`.
   */
  wake(slug: string): Promise<InstanceTarget>
  /**
   * The school's instance as recorded, with only its recorded pid checked for liveness: what the
   * gateway needs on every request. {@link TenantDriver.inspect} also scans `/proc` for stray
   * processes, which costs milliseconds per call on a busy host.
   */
  peek(slug: string): Promise<InstanceInfo | null>
  /** Records a request for the school now (resets its idle timer). Cheap; in memory. */
  touch(slug: string): void
  /** Puts idle instances to sleep now. @returns the slugs put to sleep. */
  sleepIdle(): Promise<string[]>
  /** Puts one running instance to sleep now (scale to zero); no-op unless it should run. */
  sleep(slug: string): Promise<void>
  /** The log file of a school's instance. */
  logFile(slug: string): string
}

const LOG_PREFIX = '[local-driver]'

/**
 * Opens the local driver on `dataDir`: loads the state, takes the lock, adopts or restarts the
 * instances that should run, kills unrecorded ones, and starts the idle timer.
 *
 * @throws Error when another live process holds the data directory's lock, or the state file is
 *   corrupt.
 */
export async function createLocalDriver(
  options: LocalDriverOptions,
): Promise<LocalDriver & { adoption: AdoptionReport }> {
  mkdirSync(options.dataDir, { recursive: true })
  const dataDir = realpathSync(options.dataDir)
  const driverId = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  const stateDir = path.join(dataDir, 'local-driver')
  mkdirSync(stateDir, { recursive: true })
  const releaseLock = takeLock(path.join(stateDir, 'lock'))
  const store = new StateFile(stateDir)
  try {
    await store.load()
  } catch (error) {
    releaseLock()
    throw error
  }

  const log = options.log ?? ((line: string) => console.log(`${LOG_PREFIX} ${line}`))
  const startTimeoutMs = options.startTimeoutMs ?? 30_000
  const stopGraceMs = options.stopGraceMs ?? 5_000
  const idleMs = options.idleMs ?? 0
  const nodePath = options.nodePath ?? process.execPath
  const dnsTarget = options.dnsTarget ?? '127.0.0.1'
  const children = new Set<ChildProcess>()
  const lastRequest = new Map<string, number>()
  const locks = new Map<string, Promise<unknown>>()
  let closed = false

  /** Runs `fn` after every earlier call for the same slug has settled. */
  const withLock = <T>(slug: string, fn: () => Promise<T>): Promise<T> => {
    const previous = locks.get(slug) ?? Promise.resolve()
    const next = previous.then(fn, fn)
    const tail = next.catch(() => {})
    locks.set(slug, tail)
    void tail.then(() => {
      if (locks.get(slug) === tail) locks.delete(slug)
    })
    return next
  }

  const logFile = (slug: string) => path.join(dataDir, 'tenants', slug, 'instance.log')

  /** Marked processes of one school (or all), falling back to the recorded pid without /proc. */
  const liveProcesses = async (slug?: string): Promise<MarkedProcess[]> => {
    const found = await findMarkedProcesses(driverId)
    if (found) return slug ? found.filter((p) => p.slug === slug) : found
    const records = Object.values(store.snapshot().instances).filter((r) => !slug || r.slug === slug)
    const alive: MarkedProcess[] = []
    for (const r of records) {
      if (r.pid && r.instanceId && (await isRunning(r.pid))) {
        alive.push({ pid: r.pid, slug: r.slug, instanceId: r.instanceId, port: r.port })
      }
    }
    return alive
  }

  const killAll = async (processes: MarkedProcess[]) => {
    await Promise.all(processes.map((p) => terminate(p.pid, stopGraceMs)))
  }

  const setRecord = (slug: string, patch: Partial<InstanceRecord>) =>
    store.update((state) => {
      const current = state.instances[slug]
      if (!current) throw new Error(`no record for ${slug}`)
      state.instances[slug] = { ...current, ...patch }
    })

  const infoOf = (record: InstanceRecord, live: MarkedProcess | undefined): InstanceInfo => {
    const running = Boolean(live)
    const state =
      record.desired === 'running'
        ? running
          ? 'running'
          : 'crashed'
        : record.desired === 'sleeping'
          ? 'sleeping'
          : 'stopped'
    const info: InstanceInfo = { slug: record.slug, state, envHash: record.envHash }
    if (state === 'running' && record.port) info.target = { host: '127.0.0.1', port: record.port }
    if (record.startedAt) info.startedAt = record.startedAt
    const details: Record<string, string | number> = {}
    if (live) details.pid = live.pid
    if (record.port) details.port = record.port
    if (record.instanceId) details.instanceId = record.instanceId
    info.details = details
    return info
  }

  /** The recorded launch, if its process is alive. */
  const currentProcess = (record: InstanceRecord, live: MarkedProcess[]) =>
    record.instanceId ? live.find((p) => p.instanceId === record.instanceId) : undefined

  /**
   * Launches the school's instance with its recorded env and `desired`: kills every process of
   * the school, records the intent (port, instance id), spawns, records the pid, and waits until
   * the port answers HTTP (any status). Retries on another port when the process exits early.
   */
  const launch = async (slug: string, desired: DesiredState): Promise<InstanceRecord> => {
    await killAll(await liveProcesses(slug))
    let lastError = ''
    for (let attempt = 1; attempt <= 3; attempt++) {
      const record = store.instance(slug)
      if (!record) throw new DriverError('not_deployed', `${slug} is not deployed`, { slug })
      const port = await freePort()
      const instanceId = `inst_${randomBytes(8).toString('hex')}`
      await setRecord(slug, { desired, port, pid: null, instanceId, startedAt: null })
      const file = logFile(slug)
      mkdirSync(path.dirname(file), { recursive: true })
      const fd = openSync(file, 'a', 0o600)
      let child: ChildProcess
      try {
        child = spawn(nodePath, [...INSTANCE_NODE_FLAGS, options.serverPath], {
          cwd: path.dirname(options.serverPath),
          env: {
            ...options.baseEnv,
            ...record.env,
            PORT: String(port),
            HOSTNAME: '127.0.0.1',
            [DRIVER_MARKER]: driverId,
            [INSTANCE_MARKER]: instanceId,
          },
          detached: true,
          stdio: ['ignore', fd, fd],
        })
      } finally {
        closeSync(fd)
      }
      const pid = child.pid
      if (pid === undefined) {
        lastError = await new Promise<string>((resolve) =>
          child.once('error', (error) => resolve(error.message)),
        )
        throw new DriverError('start_failed', `could not start ${slug}: ${lastError}`, { slug })
      }
      children.add(child)
      child.once('exit', () => children.delete(child))
      child.unref()
      const startedAt = new Date().toISOString()
      await setRecord(slug, { pid, startedAt })
      log(`${slug}: started pid ${pid} on 127.0.0.1:${port} (${instanceId})`)
      const outcome = await waitListening(child, port, startTimeoutMs)
      if (outcome === 'listening') {
        lastRequest.set(slug, Date.now())
        const started = store.instance(slug)
        if (!started) throw new DriverError('not_deployed', `${slug} was destroyed while starting`, { slug })
        return started
      }
      await terminate(pid, stopGraceMs)
      lastError = outcome === 'timeout' ? `not listening after ${startTimeoutMs} ms` : outcome
      log(`${slug}: launch ${attempt} failed: ${lastError}`)
      if (outcome === 'timeout') break
    }
    throw new DriverError('start_failed', `${slug} did not start: ${lastError}; see ${logFile(slug)}`, {
      slug,
    })
  }

  /** Kills the school's processes after recording `desired` (so a crash mid-stop stays stopped). */
  const halt = async (slug: string, desired: 'sleeping' | 'stopped') => {
    const record = store.instance(slug)
    if (record && record.desired !== desired) await setRecord(slug, { desired })
    const live = await liveProcesses(slug)
    await killAll(live)
    if (record && record.pid !== null) await setRecord(slug, { pid: null })
    if (live.length > 0) log(`${slug}: ${desired} (pid ${live.map((p) => p.pid).join(', ')})`)
  }

  const healthOf = async (slug: string): Promise<HealthResult> => {
    const record = store.instance(slug)
    if (!record) return { ok: false, reason: 'not deployed' }
    if (record.desired !== 'running' || !record.port) return { ok: false, reason: record.desired }
    const target = { host: '127.0.0.1', port: record.port }
    if (!currentProcess(record, await liveProcesses(slug))) {
      return { ok: false, reason: 'not running', target }
    }
    const answer = await probe(record.port)
    if (answer.status === 200) return { ok: true, target }
    return {
      ok: false,
      reason: answer.status === null ? `no answer: ${answer.error}` : `/healthz answered ${answer.status}`,
      target,
    }
  }

  const ensureRunning = async (slug: string, allowStopped: boolean): Promise<InstanceRecord> => {
    const record = store.instance(slug)
    if (!record) throw new DriverError('not_deployed', `${slug} is not deployed`, { slug })
    if (record.desired === 'stopped' && !allowStopped) {
      throw new DriverError('unavailable', `${slug} is stopped (suspended); it is not woken`, {
        slug,
        retryable: false,
      })
    }
    const live = await liveProcesses(slug)
    const current = currentProcess(record, live)
    if (record.desired === 'running' && current) {
      const strays = live.filter((p) => p !== current)
      if (strays.length > 0) await killAll(strays)
      return record
    }
    return launch(slug, 'running')
  }

  /** Adoption on open: see the module comment. */
  const adopt = async (): Promise<AdoptionReport> => {
    const report: AdoptionReport = { adopted: [], restarted: [], killed: [] }
    const live = await liveProcesses()
    const state = store.snapshot()
    const keep = new Set<number>()
    for (const record of Object.values(state.instances)) {
      if (record.desired !== 'running') continue
      const current = currentProcess(record, live)
      const port = current?.port ?? record.port
      const answers = current && port ? (await probe(port)).status !== null : false
      if (current && answers) {
        keep.add(current.pid)
        if (record.pid !== current.pid || record.port !== port) {
          await setRecord(record.slug, { pid: current.pid, port })
        }
        lastRequest.set(record.slug, Date.now())
        report.adopted.push(record.slug)
      }
    }
    const strays = live.filter((p) => !keep.has(p.pid))
    await killAll(strays)
    report.killed.push(...strays.map((p) => p.pid))
    for (const record of Object.values(state.instances)) {
      if (record.desired !== 'running' || report.adopted.includes(record.slug)) continue
      try {
        await withLock(record.slug, () => launch(record.slug, 'running'))
        report.restarted.push(record.slug)
      } catch (error) {
        log(`${record.slug}: restart on open failed: ${(error as Error).message}`)
      }
    }
    if (report.adopted.length + report.restarted.length + report.killed.length > 0) {
      log(
        `open: adopted [${report.adopted.join(', ')}], restarted [${report.restarted.join(', ')}], killed pids [${report.killed.join(', ')}]`,
      )
    }
    return report
  }

  const driver: LocalDriver = {
    name: 'local',
    driverId,
    dataDir,
    logFile,

    ensureDns(slug) {
      return withLock(slug, async () => {
        const existing = store.dns(slug)
        if (existing) return existing
        const record: DnsRecord = {
          slug,
          hostname: `${slug}.${options.rootDomain}`,
          target: dnsTarget,
          createdAt: new Date().toISOString(),
        }
        await store.update((state) => {
          state.dns[slug] = record
        })
        log(`${slug}: DNS record ${record.hostname} → ${record.target}`)
        return record
      })
    },

    removeDns(slug) {
      return withLock(slug, async () => {
        if (!store.dns(slug)) return false
        await store.update((state) => {
          delete state.dns[slug]
        })
        log(`${slug}: DNS record removed`)
        return true
      })
    },

    deploy(spec: DeploySpec) {
      const { slug } = spec
      return withLock(slug, async () => {
        const envHash = hashEnv(spec.env)
        const record = store.instance(slug)
        const live = await liveProcesses(slug)
        const current = record ? currentProcess(record, live) : undefined
        if (record && current && record.envHash === envHash && record.desired === 'running') {
          const strays = live.filter((p) => p !== current)
          if (strays.length > 0) await killAll(strays)
          if (record.pid !== current.pid) await setRecord(slug, { pid: current.pid })
          return infoOf(record, current)
        }
        await store.update((state) => {
          state.instances[slug] = {
            slug,
            env: { ...spec.env },
            envHash,
            desired: 'running',
            port: record?.port ?? null,
            pid: record?.pid ?? null,
            instanceId: record?.instanceId ?? null,
            startedAt: record?.startedAt ?? null,
          }
        })
        const launched = await launch(slug, 'running')
        return infoOf(launched, currentProcess(launched, await liveProcesses(slug)))
      })
    },

    start(slug) {
      return withLock(slug, async () => {
        const record = await ensureRunning(slug, true)
        return infoOf(record, currentProcess(record, await liveProcesses(slug)))
      })
    },

    stop(slug) {
      return withLock(slug, () => halt(slug, 'stopped'))
    },

    destroy(slug) {
      return withLock(slug, async () => {
        await halt(slug, 'stopped')
        if (store.instance(slug)) {
          await store.update((state) => {
            delete state.instances[slug]
          })
          log(`${slug}: destroyed`)
        }
        lastRequest.delete(slug)
      })
    },

    health: healthOf,

    async list(): Promise<ActualState> {
      const state = store.snapshot()
      const live = await liveProcesses()
      const instances: InstanceInfo[] = []
      const claimed = new Set<number>()
      for (const record of Object.values(state.instances)) {
        const current = currentProcess(record, live)
        if (current) claimed.add(current.pid)
        instances.push(infoOf(record, current))
      }
      // Processes no record claims (a crashed launch, or a stray duplicate): reported so the
      // reconcile loop removes them.
      for (const p of live) {
        if (claimed.has(p.pid)) continue
        const info: InstanceInfo = {
          slug: p.slug,
          state: 'running',
          envHash: '',
          details: { pid: p.pid, orphan: 1 },
        }
        if (p.port) info.target = { host: '127.0.0.1', port: p.port }
        instances.push(info)
      }
      return { instances, dnsRecords: Object.values(state.dns).map((r) => ({ ...r })) }
    },

    async inspect(slug) {
      const record = store.instance(slug)
      if (!record) return null
      return infoOf(record, currentProcess(record, await liveProcesses(slug)))
    },

    async peek(slug) {
      const record = store.instance(slug)
      if (!record) return null
      const { pid, instanceId } = record
      const live =
        pid && instanceId && (await isRunning(pid)) ? { pid, slug, instanceId, port: record.port } : undefined
      return infoOf(record, live)
    },

    wake(slug) {
      return withLock(slug, async () => {
        const record = await ensureRunning(slug, false)
        const deadline = Date.now() + startTimeoutMs
        for (;;) {
          const health = await healthOf(slug)
          if (health.ok) {
            lastRequest.set(slug, Date.now())
            return health.target
          }
          if (health.reason === 'not running' || Date.now() > deadline) {
            throw new DriverError('start_failed', `${slug} did not become healthy: ${health.reason}`, {
              slug,
            })
          }
          if (!record.port) throw new DriverError('start_failed', `${slug} has no port`, { slug })
          await sleep(100)
        }
      })
    },

    touch(slug) {
      lastRequest.set(slug, Date.now())
    },

    sleep(slug) {
      return withLock(slug, async () => {
        if (store.instance(slug)?.desired === 'running') await halt(slug, 'sleeping')
      })
    },

    async sleepIdle() {
      if (idleMs <= 0) return []
      const now = Date.now()
      const slept: string[] = []
      for (const record of Object.values(store.snapshot().instances)) {
        if (record.desired !== 'running') continue
        const last = Math.max(lastRequest.get(record.slug) ?? 0, Date.parse(record.startedAt ?? '') || 0)
        if (now - last < idleMs) continue
        await withLock(record.slug, async () => {
          const current = store.instance(record.slug)
          if (current?.desired !== 'running') return
          const again = Math.max(lastRequest.get(record.slug) ?? 0, Date.parse(current.startedAt ?? '') || 0)
          if (Date.now() - again < idleMs) return
          await halt(record.slug, 'sleeping')
          slept.push(record.slug)
        })
      }
      return slept
    },

    async close() {
      if (closed) return
      closed = true
      if (idleTimer) clearInterval(idleTimer)
      await Promise.all([...locks.values()])
      releaseLock()
    },
  }

  const adoption = await adopt()

  let idleTimer: NodeJS.Timeout | undefined
  if (idleMs > 0) {
    const every = Math.max(100, options.idleCheckMs ?? Math.min(idleMs / 4, 30_000))
    let busy = false
    idleTimer = setInterval(() => {
      if (busy || closed) return
      busy = true
      driver
        .sleepIdle()
        .catch((error: unknown) => log(`idle check failed: ${(error as Error).message}`))
        .finally(() => {
          busy = false
        })
    }, every)
    idleTimer.unref()
  }

  return Object.assign(driver, { adoption })
}

/** Resolves `listening` once the port answers HTTP, or why it did not (exit, or `timeout`). */
async function waitListening(child: ChildProcess, port: number, timeoutMs: number): Promise<string> {
  let exited: string | undefined
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exited = `exited (${signal ?? `code ${code}`}) before listening`
  }
  child.once('exit', onExit)
  try {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (exited) return exited
      const answer = await probe(port, '/healthz', 1_000)
      if (answer.status !== null) return 'listening'
      await sleep(50)
    }
    return exited ?? 'timeout'
  } finally {
    child.off('exit', onExit)
  }
}

/**
 * Takes `<file>` for this process (its content is our pid). A lock whose pid is dead is stale and
 * taken over. @returns the release function. @throws when a live process holds it.
 */
function takeLock(file: string): () => void {
  try {
    const holder = Number(readFileSync(file, 'utf8').trim())
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid) {
      let alive = true
      try {
        process.kill(holder, 0)
      } catch (error) {
        alive = (error as NodeJS.ErrnoException).code === 'EPERM'
      }
      if (alive) {
        throw new Error(
          `${path.dirname(path.dirname(file))} is in use by another provisioner (pid ${holder}); ` +
            'run one provisioner per data directory, or stop that one.',
        )
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 })
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file)
    } catch {
      // already gone
    }
  }
}
