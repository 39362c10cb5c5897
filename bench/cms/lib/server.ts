/**
 * The cms standalone server as a child process: start, readiness, memory, stop.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from './http.ts'
import { BENCH_SECRET, benchMediaDir, serverScript, standaloneDir } from './paths.ts'

export type CmsServer = {
  port: number
  pid: number
  /** `process.hrtime.bigint()` just before the spawn. */
  spawnedAt: bigint
  /** Last lines the server printed (stdout and stderr), for error messages. */
  tail(): string
  stop(): Promise<void>
}

export function startCms(opts: { port: number; databaseUrl: string }): CmsServer {
  const lines: string[] = []
  const spawnedAt = process.hrtime.bigint()
  const child = spawn(process.execPath, [serverScript], {
    cwd: standaloneDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(opts.port),
      HOSTNAME: '127.0.0.1',
      DATABASE_URL: opts.databaseUrl,
      PAYLOAD_SECRET: BENCH_SECRET,
      LYCEUM_LOG_LEVEL: 'warn',
      LYCEUM_MEDIA_DIR: benchMediaDir,
      LYCEUM_CMS_PUBLIC_URL: `http://127.0.0.1:${opts.port}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue
      lines.push(line)
      if (lines.length > 40) lines.shift()
    }
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  if (child.pid === undefined) throw new Error(`could not start ${serverScript}`)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    port: opts.port,
    pid: child.pid,
    spawnedAt,
    tail: () => lines.join('\n'),
    stop: () => stopChild(child, exited),
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** Milliseconds since the server was spawned. */
export const sinceSpawn = (server: CmsServer): number =>
  Number(process.hrtime.bigint() - server.spawnedAt) / 1e6

export type Readiness = {
  /** First accepted TCP connection on the port: the HTTP server listens. */
  listeningMs: number
  /** First 200 from /healthz: Payload is initialised and the database answers. */
  healthyMs: number
}

/** Waits (polling every 10 ms) for the port to accept connections, then for `GET /healthz` to answer 200. */
export async function waitHealthy(server: CmsServer, timeoutMs = 120_000): Promise<Readiness> {
  const giveUp = (what: string) => {
    throw new Error(`cms: ${what} after ${timeoutMs} ms:\n${server.tail()}`)
  }
  while (!(await canConnect(server.port))) {
    if (sinceSpawn(server) > timeoutMs) giveUp('not listening')
    await sleep(10)
  }
  const listeningMs = sinceSpawn(server)
  for (;;) {
    const reply = await request({ port: server.port, path: '/healthz', timeoutMs }).catch(() => undefined)
    if (reply?.status === 200) return { listeningMs, healthyMs: sinceSpawn(server) }
    if (sinceSpawn(server) > timeoutMs) giveUp(`/healthz not 200 (last: ${reply?.status ?? 'no answer'})`)
    await sleep(10)
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Pids of `pid` and all its descendants (Linux /proc). */
function processTree(pid: number): number[] {
  const out: number[] = []
  const visit = (p: number) => {
    out.push(p)
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim()
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child))
      }
    } catch {
      // the process ended while we looked
    }
  }
  visit(pid)
  return out
}

/**
 * Resident memory of a process and its descendants, in bytes (VmRSS from /proc; pages shared
 * between processes are counted in each).
 */
export function rssBytes(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/status`)) return undefined
  let total = 0
  for (const p of processTree(pid)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))
      if (match) total += Number(match[1]) * 1024
    } catch {
      // ended meanwhile
    }
  }
  return total
}

/**
 * CPU time (user + system) used so far by a process and its descendants, ended ones included
 * once reaped, in milliseconds (Linux /proc, 100 clock ticks per second).
 */
export function cpuMs(pid: number): number {
  let ticks = 0
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14)
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    } catch {
      // ended meanwhile
    }
  }
  return ticks * 10
}

/**
 * CPU time the whole machine has used so far, in ms, from /proc/stat: `processes` (user, nice,
 * system; what processes are charged with) and `interrupts` (irq, softirq: loopback networking,
 * mostly, which no process is charged with).
 */
export function machineCpuMs(): { processes: number; interrupts: number } {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
  const at = (i: number) => f[i] ?? 0
  return { processes: (at(0) + at(1) + at(2)) * 10, interrupts: (at(5) + at(6)) * 10 }
}

/** A free TCP port on 127.0.0.1 (asks the kernel for one, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
