/**
 * OS-process helpers of the local driver: finding our instances by a marker in their environment,
 * liveness that is not fooled by zombies or reused pids, termination of a process group, free
 * loopback ports and health probes.
 *
 * Why a marker: the driver's state file says which process it *meant* to run, but a provisioner
 * killed between `spawn()` and the write that records the pid leaves a process nobody recorded.
 * Every instance therefore carries `LYCEUM_LOCAL_DRIVER=<driver id>` and
 * `LYCEUM_LOCAL_INSTANCE=<instance id>` in its environment, and on Linux `/proc/<pid>/environ`
 * (the environment at exec time, readable for our own processes) finds them all, recorded or
 * not. Elsewhere (no `/proc`) the driver falls back to the recorded pids.
 */
import { readdir, readFile } from 'node:fs/promises'
import http from 'node:http'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** Environment variable naming the driver (hash of its data directory) that owns a process. */
export const DRIVER_MARKER = 'LYCEUM_LOCAL_DRIVER'
/** Environment variable holding the instance id (one per launch) of a process. */
export const INSTANCE_MARKER = 'LYCEUM_LOCAL_INSTANCE'

/** A process carrying our marker, as found in `/proc`. */
export type MarkedProcess = { pid: number; slug: string; instanceId: string; port: number | null }

/**
 * The live processes whose environment carries `LYCEUM_LOCAL_DRIVER=<driverId>`.
 * @returns `null` when `/proc` cannot be read (not Linux): callers then trust recorded pids.
 */
export async function findMarkedProcesses(driverId: string): Promise<MarkedProcess[] | null> {
  let entries: string[]
  try {
    entries = await readdir('/proc')
  } catch {
    return null
  }
  const needle = `${DRIVER_MARKER}=${driverId}`
  const found: MarkedProcess[] = []
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const pid = Number(name)
        if (pid === process.pid) return
        let raw: string
        try {
          raw = await readFile(`/proc/${name}/environ`, 'latin1')
        } catch {
          return // gone, or not ours
        }
        if (!raw.includes(needle)) return
        const vars = new Map<string, string>()
        for (const entry of raw.split('\0')) {
          const eq = entry.indexOf('=')
          if (eq > 0) vars.set(entry.slice(0, eq), entry.slice(eq + 1))
        }
        if (vars.get(DRIVER_MARKER) !== driverId) return
        const slug = vars.get('LYCEUM_TENANT_SLUG')
        const instanceId = vars.get(INSTANCE_MARKER)
        if (!slug || !instanceId || !(await isRunning(pid))) return
        const port = Number(vars.get('PORT'))
        found.push({ pid, slug, instanceId, port: Number.isInteger(port) && port > 0 ? port : null })
      }),
  )
  return found.sort((a, b) => a.pid - b.pid)
}

/**
 * Whether `pid` is a live process: it exists (signal 0) and is not a zombie (an exited child not
 * yet reaped still answers signal 0).
 */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) S …": the state letter follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return process.platform !== 'linux'
  }
}

/**
 * Stops a process we launched (detached, so it leads its own process group): SIGTERM to the
 * group, then SIGKILL after `graceMs` (milliseconds). Resolves once it is gone; no-op if it is.
 */
export async function terminate(pid: number, graceMs = 5_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, sig)
      } catch {
        // no such group/process
      }
    }
  }
  if (!(await isRunning(pid))) return
  signal('SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!(await isRunning(pid))) return
    await sleep(25)
  }
  signal('SIGKILL')
  for (let i = 0; i < 200 && (await isRunning(pid)); i++) await sleep(25)
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** The answer of one probe: the HTTP status, or `null` when nothing answered. */
export type ProbeResult = { status: number | null; body: string; error?: string }

/**
 * `GET http://127.0.0.1:<port><path>` on a fresh connection, within `timeoutMs` (milliseconds).
 * Never throws: a refused connection or a timeout is `status: null` with `error`.
 */
export function probe(port: number, path = '/healthz', timeoutMs = 2_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        timeout: timeoutMs,
        headers: { accept: 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
          }),
        )
        res.on('error', (error) => resolve({ status: null, body: '', error: error.message }))
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', (error) => resolve({ status: null, body: '', error: error.message }))
  })
}
