/**
 * @lyceum/journey/platform: the whole platform, started by the README's own `npm start` (the
 * bootstrap, then `scripts/platform.ts` under the pinned Node) and stopped by a Ctrl-C to its
 * process group, on its own ports and data folder so that it runs beside a developer's platform.
 * For the end-to-end journey test.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** Ports of a journey platform (each component binds 127.0.0.1). */
export type PlatformPorts = {
  gateway: number
  hub: number
  cms: number
  smtp: number
  mailWeb: number
  pg: number
}

/** A running platform. */
export type Platform = {
  ports: PlatformPorts
  /** `http://localhost:<gateway>`: the hub through the gateway. */
  hubUrl: string
  /** `http://cms.localhost:<gateway>`. */
  cmsUrl: string
  /** The mail catcher's web UI and REST API root (`/api/email`). */
  mailUrl: string
  /** The data folder (`LYCEUM_DATA_DIR`). */
  dataDir: string
  /** A school's origin through the gateway: `http://<slug>.localhost:<gateway>`. */
  schoolUrl(slug: string): string
  /** Every line the platform printed so far (stdout and stderr). */
  output(): string
  /** Seconds from spawn to the "ready" line. */
  readySeconds: number
  /** Runs `npm run status` against this platform: its exit code and output. */
  status(): { code: number; output: string }
  /**
   * Ctrl-C: SIGINT to the process group, as a terminal sends it, then waits until every process
   * of the group has exited (SIGKILL to the group after `timeoutMs`, default 60 s). npm itself
   * dies of the SIGINT at once (its convention); what matters is the platform behind it.
   */
  stop(timeoutMs?: number): Promise<StopResult>
}

/** How a platform stopped. */
export type StopResult = {
  /** The platform printed `stopped; data kept` without having to kill a component. */
  clean: boolean
  /** No process of the group was left when it was over (false: it had to be SIGKILLed). */
  allExited: boolean
}

/**
 * Starts the platform and resolves when it prints `ready`.
 * @param options.fresh delete the data folder first (default true).
 * @throws Error with the platform's output when it exits or is not ready within `timeoutMs`.
 */
export async function startPlatform(options: {
  ports: PlatformPorts
  dataDir: string
  fresh?: boolean
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}): Promise<Platform> {
  const { ports, dataDir } = options
  if (options.fresh !== false) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    LYCEUM_DATA_DIR: dataDir,
    LYCEUM_GATEWAY_PORT: String(ports.gateway),
    LYCEUM_HUB_PORT: String(ports.hub),
    LYCEUM_CMS_PORT: String(ports.cms),
    LYCEUM_SMTP_PORT: String(ports.smtp),
    LYCEUM_MAIL_WEB_PORT: String(ports.mailWeb),
    LYCEUM_PG_PORT: String(ports.pg),
    // The test's own vitest report must not be overwritten by the nested builds.
    LYCEUM_TEST_REPORT_DIR: '',
  }
  delete env.DATABASE_URL
  const started = Date.now()
  // Its own process group, like a terminal's foreground job: stop() sends Ctrl-C's SIGINT to the
  // whole group (npm, the bootstrap, pnpm and the platform), as a terminal does.
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  /** Whether any process of the platform's group is still running (signal 0 probes it). */
  const groupAlive = () => {
    try {
      if (child.pid) process.kill(-child.pid, 0)
      return true
    } catch {
      return false
    }
  }
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal)
    } catch {
      // The group is gone already.
    }
  }
  let output = ''
  const append = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const timeoutMs = options.timeoutMs ?? 480_000
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/\[lyceum\] ready in /.test(output)) {
        clearInterval(timer)
        resolve()
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(timer)
        group('SIGKILL')
        reject(new Error(`the platform did not start (exit ${child.exitCode}):\n${output.slice(-4000)}`))
      }
    }, 200)
  })

  const gateway = `localhost:${ports.gateway}`
  return {
    ports,
    hubUrl: `http://${gateway}`,
    cmsUrl: `http://cms.${gateway}`,
    mailUrl: `http://127.0.0.1:${ports.mailWeb}`,
    dataDir,
    schoolUrl: (slug) => `http://${slug}.${gateway}`,
    output: () => output,
    readySeconds: (Date.now() - started) / 1000,
    status() {
      const res = spawnSync('npm', ['run', '--silent', 'status'], {
        cwd: repoRoot,
        env,
        encoding: 'utf8',
      })
      return { code: res.status ?? -1, output: `${res.stdout}${res.stderr}` }
    },
    async stop(stopTimeoutMs = 60_000) {
      group('SIGINT')
      const deadline = Date.now() + stopTimeoutMs
      let allExited = false
      while (Date.now() < deadline) {
        if (!groupAlive()) {
          allExited = true
          break
        }
        await sleep(200)
      }
      if (!allExited) group('SIGKILL')
      await exited
      const clean = /\[lyceum\] stopped; data kept/.test(output) && !/did not stop within/.test(output)
      return { clean, allExited }
    },
  }
}
