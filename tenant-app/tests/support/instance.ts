/**
 * Starts the tenant-app's production build (the standalone server, exactly as a school's instance
 * runs) with one school's env, on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { freePort } from '@lyceum/testing/cms'
import { prepareStandalone } from '../../scripts/prepare-standalone.ts'

export type InstanceEnv = {
  LYCEUM_TENANT_SLUG: string
  LYCEUM_CMS_URL: string
  LYCEUM_TENANT_API_KEY: string
  LYCEUM_CMS_HOST?: string
  LYCEUM_PUBLIC_URL?: string
  LYCEUM_SMTP_URL?: string
  LYCEUM_MAIL_FROM?: string
}

export type TenantApp = {
  baseUrl: string
  pid: number
  /** Milliseconds from spawning the process to the first 200 of `GET /healthz`. */
  coldStartMs: number
  /** Resident memory of the server process now, in MiB (from /proc). */
  rssMiB(): number
  /** What the process wrote to stderr so far. */
  stderr(): string
  close(): Promise<void>
}

function envFor(env: InstanceEnv, port: number): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LYCEUM_')))
  return {
    ...inherited,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    LYCEUM_PUBLIC_URL: `http://${env.LYCEUM_TENANT_SLUG}.localhost:${port}`,
    ...env,
  }
}

/** Spawns the standalone server with `env`; resolves with the process and its output. */
export function spawnInstance(env: NodeJS.ProcessEnv) {
  const server = prepareStandalone()
  const child: ChildProcess = spawn(process.execPath, [path.basename(server)], {
    cwd: path.dirname(server),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, stdout: () => stdout, stderr: () => stderr }
}

/**
 * Starts one school's instance and waits until `/healthz` answers (200, or 503 when
 * `expectHealthy` is false: a broken key or an unreachable cms still starts the server).
 * @throws when the process exits or does not answer within 30 s.
 */
export async function startTenantApp(env: InstanceEnv, options: { expectHealthy?: boolean } = {}) {
  const expectHealthy = options.expectHealthy ?? true
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const started = performance.now()
  const proc = spawnInstance(envFor(env, port))
  const pid = proc.child.pid
  if (pid === undefined) throw new Error('tenant-app did not spawn')
  const deadline = Date.now() + 30_000
  let coldStartMs = 0
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(`tenant-app exited with ${proc.child.exitCode}:\n${proc.stderr()}`)
    }
    const status = await fetch(`${baseUrl}/healthz`)
      .then((r) => r.status)
      .catch(() => 0)
    if (status === 200 || (!expectHealthy && status === 503)) {
      coldStartMs = performance.now() - started
      break
    }
    if (Date.now() > deadline) throw new Error(`tenant-app did not answer within 30 s:\n${proc.stderr()}`)
    await new Promise((r) => setTimeout(r, 10))
  }
  const app: TenantApp = {
    baseUrl,
    pid,
    coldStartMs,
    rssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
      return kb / 1024
    },
    stderr: proc.stderr,
    async close() {
      if (proc.child.exitCode === null) {
        proc.child.kill('SIGTERM')
        await proc.exited
      }
    },
  }
  return app
}
