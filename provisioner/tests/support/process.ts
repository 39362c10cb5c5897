/**
 * The provisioner as a real child process (`node src/main.ts`), for crash tests: start it, read
 * its output line by line, kill it with SIGKILL or stop it with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'

const PROVISIONER_DIR = path.resolve(import.meta.dirname, '..', '..')

export type ProvisionerProcess = {
  child: ChildProcess
  pid: number
  /** Every line printed so far (stdout and stderr). */
  lines: string[]
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** `kill -9`; resolves once it is gone. */
  kill9(): Promise<void>
  /** SIGTERM; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>
}

const running = new Set<ChildProcess>()

/** Kills every provisioner these helpers started and that is still running. */
export function killAllProvisioners(): void {
  for (const child of running) child.kill('SIGKILL')
}

/** Starts `node src/main.ts` with `env` (on top of PATH/HOME) and waits for its ready line. */
export async function startProvisioner(env: Record<string, string>): Promise<ProvisionerProcess> {
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: PROVISIONER_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  const lines: string[] = []
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = []
  const onLine = (line: string) => {
    lines.push(line)
    if (process.env.LYCEUM_TEST_VERBOSE) console.log(`[child ${child.pid}] ${line}`)
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  }
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine)
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine)

  const proc: ProvisionerProcess = {
    child,
    pid: child.pid ?? 0,
    lines,
    waitForLine(pattern, timeoutMs = 30_000) {
      const seen = lines.find((line) => pattern.test(line))
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              `provisioner ${child.pid}: no line matching ${pattern} within ${timeoutMs} ms; it printed:\n${lines.slice(-30).join('\n')}`,
            ),
          )
        }, timeoutMs)
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer)
            resolve(line)
          },
        })
        void exited.then((code) => {
          clearTimeout(timer)
          reject(
            new Error(
              `provisioner ${child.pid} exited (${code}) before ${pattern}:\n${lines.slice(-30).join('\n')}`,
            ),
          )
        })
      })
    },
    async kill9() {
      child.kill('SIGKILL')
      await exited
    },
    async stop(timeoutMs = 20_000) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
  await proc.waitForLine(/provisioner ready/, 60_000)
  return proc
}
