/**
 * Starts the production build of the hub (`node build/index.js`, as `pnpm start` does) on a free
 * port of 127.0.0.1 and waits until it listens. The build comes from `vite build` beforehand
 * (turbo's test:e2e depends on build).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const hubDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const entry = path.join(hubDir, 'build', 'index.js')

export type RunningHub = {
  url: string
  /** Everything the server printed so far (stdout and stderr). */
  output(): string
  stop(): Promise<void>
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The hub's environment for a test: no inherited LYCEUM_* or NODE_ENV from the caller. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('LYCEUM_') && name !== 'NODE_ENV'),
  )
  return { ...base, ...extra }
}

/** Runs the build with `env` until it exits (for start-up failures); returns its exit code and output. */
export async function runHubUntilExit(
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<{ code: number | null; output: string }> {
  assertBuilt()
  const child = spawn(process.execPath, [entry], {
    env: childEnv({ HOST: '127.0.0.1', PORT: String(await freePort()), ...env }),
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', (exitCode) => resolve(exitCode)),
  )
  clearTimeout(timer)
  return { code, output }
}

/**
 * Starts the hub with `env` (LYCEUM_CMS_URL at least). Like `pnpm start`, it trusts
 * X-Forwarded-Proto (PROTOCOL_HEADER), which the gateway sets; tests send `http` in its place.
 */
export async function startHub(env: Record<string, string>): Promise<RunningHub> {
  assertBuilt()
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: childEnv({ HOST: '127.0.0.1', PORT: String(port), PROTOCOL_HEADER: 'x-forwarded-proto', ...env }),
  })
  let output = ''
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('Listening on')) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the hub exited with ${code} before listening:\n${output}`)))
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the hub did not listen within 20 s:\n${output}`)), 20_000)
  })
  try {
    await Promise.race([listening, timeout])
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      // adapter-node drains open connections for up to SHUTDOWN_TIMEOUT (30 s): do not wait that long.
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(force)
    },
  }
}

function assertBuilt(): void {
  if (!existsSync(entry)) {
    throw new Error(
      `No hub build at ${entry}. Run \`pnpm exec vite build\` in hub/ first (turbo's test:e2e does).`,
    )
  }
}
