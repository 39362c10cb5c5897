/**
 * Provisioning benchmark, local driver: from "paid" (a provision request on the queue, as the
 * hub's webhook makes it) to the school's URL answering 200 through the gateway; idle memory per
 * instance; wake from zero; the gateway's added latency in front of a real instance. Prints
 * numbers; asserts nothing. See README.md next to this file.
 *
 *   node bench/provision/run.ts [--single=5] [--batch=20] [--wakes=5] [--hops=2000] [--concurrency=4]
 *                               [--server=path/to/tenant-app/server.js]
 *
 * Everything is real and in this process except the cms (its production build, seeded, on the
 * shared embedded test PostgreSQL) and the schools (the tenant-app's standalone build, one OS
 * process each): the engine (graphile-worker), the local driver and the gateway, wired as
 * `provisioner/src/main.ts` wires them.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { createCmsClient } from '@lyceum/cms-client'
import {
  cmsTenantLookup,
  createLocalDriver,
  createLocalRouting,
  prepareStandalone,
} from '@lyceum/provisioner/drivers/local'
import {
  createCmsDownloader,
  type EngineOptions,
  requestLifecycle,
  type StepEvent,
  startEngine,
} from '@lyceum/provisioner/engine'
import { createGateway } from '@lyceum/provisioner/gateway'
import { startCmsServer } from '@lyceum/testing/cms'
import { repoRoot } from '@lyceum/testing/db'
import { quantile } from '../cms/lib/load.ts'
import { mb, median, ms, table } from '../cms/lib/report.ts'
import { rssBytes } from '../cms/lib/server.ts'

const { values: args } = parseArgs({
  options: {
    single: { type: 'string', default: '5' },
    batch: { type: 'string', default: '20' },
    wakes: { type: 'string', default: '5' },
    hops: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
    server: { type: 'string' },
  },
})
const int = (name: keyof typeof args, min: number, max: number): number => {
  const value = Number(args[name])
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${String(args[name])}`)
  }
  return value
}
const SINGLE = int('single', 1, 50)
const BATCH = int('batch', 1, 60)
const WAKES = int('wakes', 0, 50)
const HOPS = int('hops', 0, 100_000)
const CONCURRENCY = int('concurrency', 1, 64)

// bench has `pg` but not `@types/pg`: the one constructor used, typed by the engine's options.
const pg = createRequire(import.meta.url)('pg') as {
  Pool: new (config: { connectionString: string; max?: number }) => EngineOptions['pool']
}

/** The tenant-app's standalone server; `--server` runs a copy (others may rebuild the repo's meanwhile). */
const SERVER = path.resolve(
  args.server ?? path.join(repoRoot(), 'tenant-app', '.next', 'standalone', 'tenant-app', 'server.js'),
)
const HOST = '127.0.0.1'
const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }

// A whole run takes a few minutes; never leave processes behind if something hangs.
const watchdog = setTimeout(() => {
  console.error('bench/provision: watchdog (20 min) fired; exiting')
  process.exit(2)
}, 20 * 60_000)
watchdog.unref()

const p = (values: number[], q: number) => quantile(Float64Array.from(values).sort(), q)

if (!existsSync(SERVER)) {
  console.error(`No tenant-app build at ${SERVER}: run \`pnpm --filter @lyceum/tenant-app build\` first.`)
  process.exit(1)
}

console.log(
  `bench/provision · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}) · load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} · node ${process.version} · engine concurrency ${CONCURRENCY}`,
)

// The cms and a platform key, minted by the seeded super-admin as an operator would.
const cmsServer = await startCmsServer({ seed: true })
const anonymous = createCmsClient({ baseUrl: cmsServer.baseUrl, timeoutMs: 30_000 })
const { token } = await anonymous.login(SUPER_ADMIN.email, SUPER_ADMIN.password)
const platformKey = `plk_${randomBytes(24).toString('hex')}`
await anonymous
  .withAuth({ token })
  .create('service-keys', { name: 'bench', kind: 'platform', enableAPIKey: true, apiKey: platformKey })
const cms = anonymous.withAuth({ apiKey: platformKey })
const pool = new pg.Pool({ connectionString: cmsServer.databaseUrl, max: CONCURRENCY + 8 })
// graphile-worker wants both handlers.
pool.on('error', () => {})
pool.on('connect', (client) => client.on('error', () => {}))

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lyceum-bench-provision-'))
prepareStandalone(SERVER)
const baseEnv: Record<string, string> = {}
for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
  const value = process.env[name]
  if (value !== undefined) baseEnv[name] = value
}
const driver = await createLocalDriver({
  dataDir,
  serverPath: SERVER,
  rootDomain: 'localhost',
  baseEnv,
  log: () => {},
})

/** When each school's steps started and finished (performance.now()). */
const stepTimes = new Map<string, Map<string, number>>()
const onStep = async (event: StepEvent) => {
  const times = stepTimes.get(event.slug) ?? new Map<string, number>()
  stepTimes.set(event.slug, times)
  const key = `${event.step}:${event.phase}`
  if (!times.has(key)) times.set(key, performance.now())
}
const engine = await startEngine({
  pool,
  cms,
  driver,
  hooks: { onStep },
  download: createCmsDownloader({ baseUrl: cmsServer.baseUrl, apiKey: platformKey }),
  log: (level, message) => {
    if (level === 'error' || level === 'warn') console.error(`[engine ${level}] ${message}`)
  },
  // main.ts's defaults, but for the concurrency under test and no reconcile loop.
  config: {
    tenantCmsUrl: cmsServer.baseUrl,
    publicUrl: (slug) => `http://${slug}.localhost:8080`,
    exportDir: path.join(dataDir, 'exports'),
    concurrency: CONCURRENCY,
    maxAttempts: 5,
    retentionMs: 30 * 24 * 3600 * 1000,
    healthTimeoutMs: 60_000,
    pollIntervalMs: 1_000,
    heartbeatMs: 1_000,
    staleAfterMs: 5_000,
    reconcileIntervalMs: 0,
  },
})
const cmsTarget = { host: HOST, port: Number(new URL(cmsServer.baseUrl).port) }
const routing = createLocalRouting({ driver, lookup: cmsTenantLookup(cms) })
const gateway = createGateway({
  rootDomain: 'localhost',
  hub: cmsTarget,
  cms: cmsTarget,
  routes: routing.routes,
  wake: routing.wake,
  onRequest: routing.onRequest,
})
const { port: gatewayPort } = await gateway.listen(0, HOST)

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
/** One GET; resolves with the status (0 on a connection error). */
function get(port: number, host: string, pathname: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: pathname, agent, headers: { host } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.setTimeout(30_000, () => req.destroy())
  })
}

let counter = 0
async function createSchools(n: number) {
  const run = randomBytes(2).toString('hex')
  return Promise.all(
    Array.from({ length: n }, () => {
      counter++
      const slug = `bench-${run}-${counter}`
      return cms.create('tenants', { name: `Bench ${counter}`, slug, status: 'pending', locale: 'en' })
    }),
  )
}

type Sample = { slug: string; total: number; pickup: number; healthy: number; activeTo200: number }

/** "Paid" → requests the provision, then polls the school's URL through the gateway until 200. */
async function provisionAndWait(tenant: { id: string; slug: string }, t0: number): Promise<Sample> {
  await requestLifecycle(pool, { tenantId: tenant.id, action: 'provision' })
  const deadline = t0 + 180_000
  let status = 0
  while (performance.now() < deadline) {
    status = await get(gatewayPort, `${tenant.slug}.localhost`, '/')
    if (status === 200) break
    await sleep(25)
  }
  const t200 = performance.now()
  if (status !== 200) {
    const log = driver.logFile(tenant.slug)
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '(no log)'
    throw new Error(`${tenant.slug} did not answer 200 within 180 s (last ${status}); its log ends:\n${tail}`)
  }
  const times = stepTimes.get(tenant.slug) ?? new Map<string, number>()
  const at = (key: string) => times.get(key) ?? Number.NaN
  return {
    slug: tenant.slug,
    total: t200 - t0,
    pickup: at('mark-provisioning:started') - t0,
    healthy: at('wait-healthy:finished') - at('deploy:started'),
    activeTo200: t200 - at('mark-active:finished'),
  }
}

function summary(label: string, samples: Sample[]): string[] {
  const col = (pick: (s: Sample) => number) => samples.map(pick)
  return [
    label,
    String(samples.length),
    ms(
      p(
        col((s) => s.total),
        0.5,
      ),
    ),
    ms(
      p(
        col((s) => s.total),
        0.95,
      ),
    ),
    ms(Math.max(...col((s) => s.total))),
    ms(median(col((s) => s.pickup))),
    ms(median(col((s) => s.healthy))),
    ms(median(col((s) => s.activeTo200))),
  ]
}

try {
  // 1. One school at a time.
  const single: Sample[] = []
  for (const tenant of await createSchools(SINGLE)) {
    single.push(await provisionAndWait(tenant, performance.now()))
  }

  // 2. A batch paid at the same moment.
  const batchSchools = await createSchools(BATCH)
  const batchStart = performance.now()
  const batch = await Promise.all(batchSchools.map((tenant) => provisionAndWait(tenant, batchStart)))
  const allLive = Math.max(...batch.map((s) => s.total))

  console.log('\npaid → tenant URL answers 200 through the gateway')
  console.log(
    table(
      ['', 'n', 'p50', 'p95', 'max', 'queue→first step', 'deploy→healthy', 'active→200'],
      [summary('1 school at a time', single), summary(`${BATCH} at once`, batch)],
    ),
  )
  console.log(`${BATCH} at once: all live after ${ms(allLive)}`)

  // 3. Idle memory of the instances (every school provisioned above), after 5 s without requests.
  await sleep(5_000)
  const { instances } = await driver.list()
  const rss = instances
    .map((i) => (typeof i.details?.pid === 'number' ? rssBytes(i.details.pid) : undefined))
    .filter((v): v is number => v !== undefined)
  console.log(
    `\nidle RSS per instance (${rss.length} running): median ${mb(median(rss))}, min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}; all ${mb(rss.reduce((a, b) => a + b, 0))}`,
  )

  // 4. Wake from zero: put a school to sleep, then one visitor request through the gateway.
  const wakes: number[] = []
  for (const tenant of batchSchools.slice(0, WAKES)) {
    await driver.sleep(tenant.slug)
    const state = (await driver.inspect(tenant.slug))?.state
    if (state !== 'sleeping') throw new Error(`${tenant.slug} is ${state}, not sleeping`)
    const t0 = performance.now()
    const status = await get(gatewayPort, `${tenant.slug}.localhost`, '/')
    wakes.push(performance.now() - t0)
    if (status !== 200) throw new Error(`wake of ${tenant.slug} answered ${status}`)
  }
  if (WAKES > 0) {
    console.log(
      `wake from zero (request → 200, ${wakes.length}×): p50 ${ms(p(wakes, 0.5))}, max ${ms(Math.max(...wakes))}`,
    )
  }

  // 5. The gateway's added latency in front of a real instance: a static file of the tenant-app,
  //    alternately direct and through the gateway, one request at a time on keep-alive sockets.
  const school = single[0]?.slug ?? ''
  const target = (await driver.inspect(school))?.target
  // The smallest script chunk: the hop's cost, not the transfer's.
  const chunksDir = path.join(path.dirname(SERVER), '.next', 'static', 'chunks')
  const chunk = readdirSync(chunksDir)
    .filter((f) => f.endsWith('.js'))
    .sort((a, b) => statSync(path.join(chunksDir, a)).size - statSync(path.join(chunksDir, b)).size)[0]
  if (HOPS > 0 && target && chunk) {
    const asset = `/_next/static/chunks/${chunk}`
    const host = `${school}.localhost`
    const direct: number[] = []
    const via: number[] = []
    for (let i = 0; i < HOPS + 200; i++) {
      let t = performance.now()
      const a = await get(target.port, host, asset)
      const d = performance.now() - t
      t = performance.now()
      const b = await get(gatewayPort, host, asset)
      const g = performance.now() - t
      if (a !== 200 || b !== 200) throw new Error(`static asset answered ${a} direct, ${b} via the gateway`)
      if (i >= 200) {
        direct.push(d)
        via.push(g)
      }
    }
    // Where the added time goes: the gateway resolves the route (cached cms lookup + the local
    // driver's view of the instance) on every request.
    const resolves: number[] = []
    const inspects: number[] = []
    for (let i = 0; i < 300; i++) {
      let t = performance.now()
      await routing.routes.resolve(school)
      resolves.push(performance.now() - t)
      t = performance.now()
      await driver.inspect(school)
      inspects.push(performance.now() - t)
    }
    console.log(`\ngateway added latency (${HOPS} serial GETs of ${asset}, after 200 warm-up pairs)`)
    console.log(
      table(
        ['', 'p50', 'p99'],
        [
          ['direct', ms(p(direct, 0.5)), ms(p(direct, 0.99))],
          ['through the gateway', ms(p(via, 0.5)), ms(p(via, 0.99))],
          ['added', ms(p(via, 0.5) - p(direct, 0.5)), ms(p(via, 0.99) - p(direct, 0.99))],
        ],
      ),
    )
    const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length
    console.log(
      `of which route resolution p50 ${ms(p(resolves, 0.5))} (local driver inspect p50 ${ms(p(inspects, 0.5))}; ${processes} processes on the machine)`,
    )
  }
  console.log(
    `\nload after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
} finally {
  await gateway.close().catch(() => {})
  await engine.stop().catch(() => {})
  const { instances } = await driver.list().catch(() => ({ instances: [] as { slug: string }[] }))
  await Promise.all(instances.map((i) => driver.destroy(i.slug).catch(() => {})))
  await driver.close().catch(() => {})
  agent.destroy()
  await pool.end().catch(() => {})
  await cmsServer.close().catch(() => {})
  rmSync(dataDir, { recursive: true, force: true })
}
