/**
 * `npm start`: runs the platform on embedded defaults, everything on 127.0.0.1.
 *
 *   1. PostgreSQL: DATABASE_URL if set, else the embedded server (data in .data/postgres).
 *   2. Secrets: PAYLOAD_SECRET from env, else generated once into .data/secrets.json.
 *   3. Migrations (committed; never a dev push), then the seed: plans on every start, the demo
 *      schools once.
 *   4. The cms production build (turbo: rebuilt only when its inputs changed), then the cms.
 *   5. Waits for every component's /healthz and prints where everything is.
 * Ctrl-C stops the components, then PostgreSQL, and keeps all data.
 *
 * Runs under the pinned Node (scripts/bootstrap.mjs puts it first on PATH).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase, databaseExists, resolveDatabaseServer, withDatabase } from '@lyceum/postgres'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = path.join(root, '.data')
const logDir = path.join(dataDir, 'logs')
const cmsDir = path.join(root, 'cms')
const started = Date.now()

const port = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name} must be a port number (1–65535), got "${raw}"`)
  }
  return value
}

const say = (line: string) => process.stdout.write(`[lyceum] ${line}\n`)

function secrets(): { PAYLOAD_SECRET: string } {
  if (process.env.PAYLOAD_SECRET) return { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET }
  const file = path.join(dataDir, 'secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { PAYLOAD_SECRET: string }
  const generated = { PAYLOAD_SECRET: randomBytes(32).toString('hex') }
  writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 })
  return generated
}

/** Runs a step to completion, failing the start with its name when it fails. */
function step(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
) {
  const t0 = Date.now()
  const res = spawnSync(command, args, { ...options, stdio: 'inherit' })
  if (res.status !== 0)
    throw new Error(`${name} failed (exit ${res.status ?? res.signal}); see the output above`)
  say(`${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
}

async function waitHealthy(
  name: string,
  url: string,
  child: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode}; see .data/logs/${name}.log`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(
    `${name} did not become healthy at ${url} within ${timeoutMs / 1000} s; see .data/logs/${name}.log`,
  )
}

function startService(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(path.join(logDir, `${name}.log`), 'a')
  return spawn(process.execPath, [script], { cwd: path.dirname(script), env, stdio: ['ignore', log, log] })
}

async function main() {
  mkdirSync(logDir, { recursive: true })
  const cmsPort = port('LYCEUM_CMS_PORT', 3001)
  const pgPort = port('LYCEUM_PG_PORT', 54329)

  const server = await resolveDatabaseServer({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: path.join(dataDir, 'postgres'),
    port: pgPort,
  })
  let databaseUrl = server.url
  if (server.embedded) {
    if (!(await databaseExists(server.url, 'lyceum'))) await createDatabase(server.url, 'lyceum')
    databaseUrl = withDatabase(server.url, 'lyceum')
  }
  say(
    server.embedded
      ? `embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/postgres)`
      : 'PostgreSQL from DATABASE_URL',
  )

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets(),
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    LYCEUM_CMS_PUBLIC_URL: process.env.LYCEUM_CMS_PUBLIC_URL ?? `http://127.0.0.1:${cmsPort}`,
  }
  const children: ChildProcess[] = []
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    say('stopping…')
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
    )
    await server.stop()
    say('stopped; data kept in .data/')
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))

  try {
    step('migrations applied', process.execPath, ['scripts/migrate.ts'], { cwd: cmsDir, env })
    const demoMarker = path.join(dataDir, 'demo-seeded')
    const seedArgs = existsSync(demoMarker) ? ['src/seed/run.ts', '--plans-only'] : ['src/seed/run.ts']
    step('seed', process.execPath, seedArgs, { cwd: cmsDir, env })
    writeFileSync(demoMarker, new Date().toISOString())
    step(
      'cms build',
      'pnpm',
      ['exec', 'turbo', 'run', 'build', '--filter=@lyceum/cms', '--output-logs=errors-only'],
      {
        cwd: root,
        env,
      },
    )
    const standalone = path.join(cmsDir, '.next', 'standalone', 'cms')
    cpSync(path.join(cmsDir, '.next', 'static'), path.join(standalone, '.next', 'static'), {
      recursive: true,
    })

    const cms = startService('cms', path.join(standalone, 'server.js'), {
      ...env,
      PORT: String(cmsPort),
      HOSTNAME: '127.0.0.1',
    })
    children.push(cms)
    await waitHealthy('cms', `http://127.0.0.1:${cmsPort}/healthz`, cms)
  } catch (error) {
    process.stderr.write(`[lyceum] ${error instanceof Error ? error.message : String(error)}\n`)
    await stop(1)
    return
  }

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  say(`  cms admin   http://127.0.0.1:${cmsPort}/admin`)
  say(`  cms REST    http://127.0.0.1:${cmsPort}/api   GraphQL: /api/graphql   health: /healthz`)
  say('  demo accounts (password lyceum-demo-2026): superadmin@lyceum.example,')
  say('    admin|instructor|learner@northwind.example, admin|instructor|learner@lumiere.example')
  say('  logs in .data/logs/ · Ctrl-C stops everything and keeps the data')
}

main().catch((error: unknown) => {
  process.stderr.write(`[lyceum] ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
