/**
 * cms benchmark: cold start of the production server, and tenant-scoped REST read latency under
 * 50 concurrent learners, on 1,000 tenants × 20 courses. Prints numbers; asserts nothing.
 *
 *   node bench/cms/run.ts [--connections 50] [--duration 15] [--warmup 3] [--cold-starts 3]
 *                         [--tenants 1000] [--courses 20] [--rebuild] [--reseed] [--pg-port 54349]
 *
 * See README.md next to this file for what each number means.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { dropDatabase, runningPostmasterPid, startEmbeddedPostgres } from '@lyceum/postgres'
import { ensureBuild } from './lib/build.ts'
import { DEFAULT_SHAPE, loginLearnerTenants, type SeedShape } from './lib/dataset.ts'
import { login, request } from './lib/http.ts'
import { type Check, type LoadResult, quantile, runLoad, type Worker } from './lib/load.ts'
import {
  benchPgDataDir,
  cmsDir,
  DEFAULT_BENCH_PG_PORT,
  LEARNER_PASSWORD,
  learnerEmail,
  tenantSlug,
} from './lib/paths.ts'
import { mb, median, ms, pct, table } from './lib/report.ts'
import { cloneSeeded, ensureSeededTemplate, publishedCoursesByTenant, tenantIdsBySlug } from './lib/seed.ts'
import {
  type CmsServer,
  cpuMs,
  freePort,
  machineCpuMs,
  rssBytes,
  sinceSpawn,
  startCms,
  waitHealthy,
} from './lib/server.ts'

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    'cold-starts': { type: 'string', default: '3' },
    tenants: { type: 'string', default: String(DEFAULT_SHAPE.tenants) },
    courses: { type: 'string', default: String(DEFAULT_SHAPE.coursesPerTenant) },
    rebuild: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    'pg-port': { type: 'string', default: process.env.LYCEUM_BENCH_PG_PORT ?? String(DEFAULT_BENCH_PG_PORT) },
  },
})
const int = (name: keyof typeof args, min: number, max: number): number => {
  const value = Number(args[name])
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${String(args[name])}`)
  }
  return value
}
const connections = int('connections', 1, 200)
const durationMs = int('duration', 1, 300) * 1000
const warmupMs = int('warmup', 0, 60) * 1000
const coldStarts = int('cold-starts', 1, 10)
const pgPort = int('pg-port', 1024, 65535)
const shape: SeedShape = {
  ...DEFAULT_SHAPE,
  tenants: int('tenants', 10, 100_000),
  coursesPerTenant: int('courses', 1, 1000),
}

const log = (line: string) => console.log(`[bench] ${line}`)
const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(path.join(cmsDir, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string
    }
  ).version
const RUN_DB = 'bench_cms_run'
const LIST_PATH = '/api/courses?limit=10&depth=0'

// ── PostgreSQL: the bench's own cluster ─────────────────────────────────────────────────────
let stopPg = async () => {}
let pgPid: number | undefined = await runningPostmasterPid(benchPgDataDir)
let serverUrl: string
if (pgPid !== undefined) {
  // Left running by someone else (e.g. an interrupted run's server still shutting down): use it.
  // Line 4 of postmaster.pid is its port.
  const runningPort = readFileSync(path.join(benchPgDataDir, 'postmaster.pid'), 'utf8').split('\n')[3]?.trim()
  log(`postgres: reusing the server already running on ${benchPgDataDir} (PID ${pgPid}, port ${runningPort})`)
  serverUrl = `postgres://postgres:postgres@127.0.0.1:${runningPort ?? pgPort}/postgres`
} else {
  const pg = await startEmbeddedPostgres({
    dataDir: benchPgDataDir,
    port: pgPort,
    // A throwaway cluster: durability off makes seeding faster; reads are unaffected.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  })
  pgPid = pg.pid
  serverUrl = pg.url
  stopPg = pg.stop
  log(`postgres: started on 127.0.0.1:${pgPort} (${benchPgDataDir})`)
}

let server: CmsServer | undefined
let exitCode = 0
try {
  // ── Data ──────────────────────────────────────────────────────────────────────────────────
  const seed = await ensureSeededTemplate(serverUrl, shape, { force: args.reseed, log })
  log(
    seed.reused
      ? 'seed: reusing bench_cms_seeded (fingerprint matches)'
      : `seed: done in ${ms(seed.totalMs)}`,
  )
  const databaseUrl = await cloneSeeded(serverUrl, RUN_DB)

  // ── Build ─────────────────────────────────────────────────────────────────────────────────
  const build = await ensureBuild({ force: args.rebuild, databaseUrl, log })
  if (!build.built) log(`build: reusing the standalone build of ${build.builtAt.toISOString()} (up to date)`)

  // ── Learners: one per connection, of different tenants ───────────────────────────────────
  const tenantIds = await tenantIdsBySlug(databaseUrl)
  const coursesOf = await publishedCoursesByTenant(databaseUrl)
  const candidates = loginLearnerTenants(shape)
  const learners = Array.from({ length: connections }, (_, w) => {
    const t = candidates[Math.floor((w * candidates.length) / connections) % candidates.length] as number
    const tenantId = tenantIds.get(tenantSlug(t))
    if (!tenantId) throw new Error(`tenant ${tenantSlug(t)} missing from the seeded database`)
    return {
      tenant: t,
      tenantId,
      email: learnerEmail(t),
      courseIds: coursesOf.get(tenantId) ?? [],
      token: '',
    }
  })
  const distinctTenants = new Set(learners.map((l) => l.tenant)).size

  // A first start, not measured: logs the learners in (their JWTs stay valid across restarts:
  // same secret, same database) and warms the OS file cache, so every measured start is alike.
  const port = await freePort()
  log(`cms: priming start on 127.0.0.1:${port} (not measured), logging ${connections} learners in…`)
  server = startCms({ port, databaseUrl })
  await waitHealthy(server)
  const tokens = new Map<string, string>()
  for (let i = 0; i < learners.length; i += 2) {
    await Promise.all(
      learners.slice(i, i + 2).map(async (l) => {
        const token = tokens.get(l.email) ?? (await login(port, l.email, LEARNER_PASSWORD))
        tokens.set(l.email, token)
        l.token = token
      }),
    )
  }
  await server.stop()
  server = undefined

  // ── 1. Cold starts ────────────────────────────────────────────────────────────────────────
  const first = learners[0]
  if (!first) throw new Error('no learner')
  const cold: Array<{
    listeningMs: number
    healthyMs: number
    coursesMs: number
    rss?: number
    /** CPU share (% of one core) of every process but ours during the start: noise. */
    otherCpu: number
  }> = []
  const clientCpuMs = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000
  for (let run = 1; run <= coldStarts; run++) {
    const before = {
      machine: machineCpuMs().processes,
      pg: pgPid === undefined ? 0 : cpuMs(pgPid),
      client: clientCpuMs(),
      at: performance.now(),
    }
    server = startCms({ port, databaseUrl })
    const ready = await waitHealthy(server)
    const reply = await request({ port, path: LIST_PATH, headers: { authorization: `JWT ${first.token}` } })
    const coursesMs = sinceSpawn(server)
    if (reply.status !== 200) throw new Error(`GET ${LIST_PATH} answered ${reply.status}: ${reply.body}`)
    const checkedFirst = checkList(first.tenantId)(LIST_PATH, JSON.parse(reply.body))
    if (checkedFirst.docs === 0 || checkedFirst.crossTenant > 0) {
      throw new Error(`first GET ${LIST_PATH} is wrong: ${JSON.stringify(checkedFirst)}`)
    }
    const ours =
      cpuMs(server.pid) + (pgPid === undefined ? 0 : cpuMs(pgPid)) - before.pg + clientCpuMs() - before.client
    const otherCpu =
      ((machineCpuMs().processes - before.machine - ours) / (performance.now() - before.at)) * 100
    cold.push({ ...ready, coursesMs, rss: rssBytes(server.pid), otherCpu: Math.max(0, otherCpu) })
    log(
      `cold start ${run}/${coldStarts}: listening ${ms(ready.listeningMs)}, /healthz 200 ${ms(ready.healthyMs)}, ` +
        `first /api/courses 200 ${ms(coursesMs)}`,
    )
    if (run < coldStarts) {
      await server.stop()
      server = undefined
    }
  }
  if (!server) throw new Error('unreachable: no server')
  const live: CmsServer = server

  // ── 2. Tenant-scoped reads under load ────────────────────────────────────────────────────
  type Scenario = {
    label: string
    result: LoadResult
    rssAfterWarmup?: number
    rssPeak: number
    /**
     * CPU shares (% of one core) over the measured window; `other`: every other process of the
     * machine; `interrupts`: irq + softirq time (loopback networking), charged to no process.
     */
    cpu: { cms: number; pg: number; client: number; other: number; interrupts: number }
    /** CPU time of the cms process per request, in ms. */
    cmsCpuPerRequest: number
  }
  const scenarios: Scenario[] = []
  const measure = async (label: string, makeWorker: (l: (typeof learners)[number], w: number) => Worker) => {
    log(`load: ${label}: ${connections} connections, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s…`)
    let rssPeak = 0
    let rssAfterWarmup: number | undefined
    let cpuAtStart = { cms: 0, pg: 0, client: 0, machine: { processes: 0, interrupts: 0 }, at: 0 }
    const snapshot = () => ({
      machine: machineCpuMs(),
      cms: cpuMs(live.pid),
      pg: pgPid === undefined ? 0 : cpuMs(pgPid),
      client: clientCpuMs(),
      at: performance.now(),
    })
    const warmupTimer = setTimeout(() => {
      rssAfterWarmup = rssBytes(live.pid)
      cpuAtStart = snapshot()
    }, warmupMs)
    const rssTimer = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssBytes(live.pid) ?? 0)
    }, 250)
    const result = await runLoad({
      port: live.port,
      workers: learners.map(makeWorker),
      warmupMs,
      durationMs,
      sampleEvery: 10,
    })
    clearTimeout(warmupTimer)
    clearInterval(rssTimer)
    const end = snapshot()
    const wall = end.at - cpuAtStart.at
    const share = (a: number, b: number) => ((a - b) / wall) * 100
    const cpu = {
      cms: share(end.cms, cpuAtStart.cms),
      pg: share(end.pg, cpuAtStart.pg),
      client: share(end.client, cpuAtStart.client),
      other: 0,
      interrupts: share(end.machine.interrupts, cpuAtStart.machine.interrupts),
    }
    const processes = share(end.machine.processes, cpuAtStart.machine.processes)
    cpu.other = Math.max(0, processes - cpu.cms - cpu.pg - cpu.client)
    scenarios.push({
      label,
      result,
      rssAfterWarmup,
      rssPeak,
      cpu,
      cmsCpuPerRequest: (end.cms - cpuAtStart.cms) / Math.max(1, result.latencies.length),
    })
  }

  await measure(`GET ${LIST_PATH}`, (l) => ({
    authorization: `JWT ${l.token}`,
    nextPath: () => LIST_PATH,
    check: checkList(l.tenantId),
  }))
  await measure('GET /api/courses/:id?depth=0', (l, w) => {
    let n = w
    return {
      authorization: `JWT ${l.token}`,
      nextPath: () => `/api/courses/${l.courseIds[n++ % l.courseIds.length]}?depth=0`,
      check: checkOne(l.tenantId),
    }
  })

  // ── Isolation probe: each learner asks for another tenant's data, explicitly ────────────────
  let foreignById = 0
  let foreignByIdLeaked = 0
  let foreignListDocs = 0
  const foreignStatuses = new Map<number, number>()
  for (const [w, l] of learners.entries()) {
    const other = learners[(w + 1) % learners.length]
    if (!other || other.tenantId === l.tenantId) continue
    const headers = { authorization: `JWT ${l.token}` }
    const byId = await request({ port, path: `/api/courses/${other.courseIds[0]}?depth=0`, headers })
    foreignById++
    foreignStatuses.set(byId.status, (foreignStatuses.get(byId.status) ?? 0) + 1)
    if (byId.status === 200) foreignByIdLeaked++
    const list = await request({
      port,
      path: `/api/courses?depth=0&limit=100&where[tenant][equals]=${other.tenantId}`,
      headers,
    })
    if (list.status === 200) foreignListDocs += (JSON.parse(list.body) as { docs: unknown[] }).docs.length
  }
  const rssAfterLoad = rssBytes(live.pid)
  await live.stop()
  server = undefined
  await dropDatabase(serverUrl, RUN_DB)

  // ── Printout ──────────────────────────────────────────────────────────────────────────────
  const out: string[] = []
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU'
  out.push('')
  out.push('═'.repeat(100))
  out.push(
    `Lyceum cms benchmark — ${os.availableParallelism()} cores (${cpuModel}), Node ${process.version}, ` +
      `Next ${version('next')}, Payload ${version('payload')}`,
  )
  out.push(
    `Data: ${seed.counts.tenants} tenants, ${seed.counts.courses} courses (${seed.counts.publishedCourses} published), ` +
      `${seed.counts.users} users (one learner per tenant)`,
  )
  if (seed.reused)
    out.push('Seed: reused the bench_cms_seeded template (same migrations, seed code and shape)')
  else if (seed.localApi) {
    const api = seed.localApi
    const perCourse = api.courses.ms / Math.max(1, api.courses.docs)
    const perTenant = api.tenants.ms / Math.max(1, api.tenants.docs)
    const perLearner = api.learners.ms / Math.max(1, api.learners.docs)
    const allByApi = shape.tenants * (perTenant + shape.coursesPerTenant * perCourse + perLearner)
    out.push(
      `Seed: built in ${ms(seed.totalMs)} — migrations ${ms(seed.migrateMs)}, SQL bulk ${ms(seed.sqlMs)}, ` +
        `Local API ${api.tenants.docs} tenants + ${api.courses.docs} courses ${ms(api.tenants.ms + api.courses.ms)} ` +
        `(${ms(perTenant)}/tenant, ${ms(perCourse)}/course), ${api.learners.docs} learners ${ms(api.learners.ms)} ` +
        `(${ms(perLearner)}/learner at concurrency ${api.learners.concurrency})`,
    )
    out.push(`      (everything through the Local API would take ≈ ${ms(allByApi)})`)
  }
  out.push(
    build.built ? `Build: next build in ${ms(build.ms)} (${build.reason})` : 'Build: reused (up to date)',
  )
  out.push('')
  out.push(
    `1. Cold start: spawn of node .next/standalone/cms/server.js → … (page cache warm; ${coldStarts} runs)`,
  )
  const coldRow = (label: string, pick: (c: (typeof cold)[number]) => number) => [
    label,
    ...cold.map((c) => ms(pick(c))),
    ms(median(cold.map(pick))),
  ]
  out.push(
    table(
      ['', ...cold.map((_, i) => `run ${i + 1}`), 'median'],
      [
        coldRow('listening (TCP port accepts)', (c) => c.listeningMs),
        coldRow('/healthz 200', (c) => c.healthyMs),
        coldRow('first GET /api/courses 200 (JWT)', (c) => c.coursesMs),
      ],
    ),
  )
  out.push(
    `   CPU of other processes meanwhile (noise): ${cold.map((c) => pct(c.otherCpu)).join(' / ')} of a core` +
      (cold.some((c) => c.otherCpu > 20)
        ? ' ⚠ the machine was busy: starts are slower than on a quiet one'
        : ''),
  )
  out.push(
    `   RSS of the cms process: ${mb(median(cold.map((c) => c.rss ?? 0)))} after the first request, ` +
      `${mb(scenarios[0]?.rssAfterWarmup)} after the ${warmupMs / 1000} s load warm-up, ` +
      `peak ${mb(Math.max(...scenarios.map((s) => s.rssPeak)))} under load, ${mb(rssAfterLoad)} after the load`,
  )
  out.push('')
  out.push(
    `2. Tenant-scoped REST reads: ${connections} concurrent keep-alive connections, closed loop, each a learner ` +
      `(${distinctTenants} distinct tenants), ${durationMs / 1000} s after ${warmupMs / 1000} s warm-up`,
  )
  const errorCount = (s: Scenario) => [...s.result.errors.values()].reduce((a, b) => a + b, 0)
  out.push(
    table(
      ['scenario', 'req/s', 'p50', 'p95', 'p99', 'max', 'requests', 'errors'],
      scenarios.map((s) => [
        s.label,
        (s.result.latencies.length / s.result.seconds).toFixed(0),
        ms(quantile(s.result.latencies, 0.5)),
        ms(quantile(s.result.latencies, 0.95)),
        ms(quantile(s.result.latencies, 0.99)),
        ms(s.result.latencies.at(-1)),
        String(s.result.latencies.length),
        String(errorCount(s)),
      ]),
    ),
  )
  for (const s of scenarios) {
    if (s.result.errors.size > 0) {
      out.push(`   errors in "${s.label}": ${[...s.result.errors].map(([k, v]) => `${k}×${v}`).join(', ')}`)
    }
  }
  out.push('')
  out.push(
    `   CPU over the measured window, in % of one core (the machine has ${os.availableParallelism()}); ` +
      '"other" = every other process on the machine:',
  )
  out.push(
    table(
      ['scenario', 'cms', 'cms CPU/request', 'postgres', 'load client', 'irq+softirq', 'other'],
      scenarios.map((s) => [
        s.label,
        pct(s.cpu.cms),
        ms(s.cmsCpuPerRequest),
        pct(s.cpu.pg),
        pct(s.cpu.client),
        pct(s.cpu.interrupts),
        pct(s.cpu.other),
      ]),
    ),
  )
  const noisy = scenarios.filter((s) => s.cpu.other > 20)
  if (noisy.length > 0) {
    out.push(
      `   ⚠ other processes used ${noisy.map((s) => pct(s.cpu.other)).join(' / ')} of a core meanwhile: ` +
        'latency and throughput are understated; rerun on a quiet machine.',
    )
  }
  out.push('')
  out.push('Correctness (every 10th response per connection parsed and checked):')
  for (const s of scenarios) {
    const c = s.result.checked
    out.push(
      `   ${s.label}: ${c.responses} responses, ${c.docs} docs checked — cross-tenant docs: ${c.crossTenant}, ` +
        `unpublished docs: ${c.unpublished}`,
    )
  }
  out.push(
    `   isolation probe: ${foreignById} requests for another tenant's course by id → ${foreignByIdLeaked} answered 200 ` +
      `(statuses ${[...foreignStatuses].map(([k, v]) => `${k}×${v}`).join(', ')}); ` +
      `${foreignById} lists filtered on another tenant → ${foreignListDocs} docs`,
  )
  out.push('═'.repeat(100))
  console.log(out.join('\n'))
} catch (error) {
  exitCode = 1
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  if (server) console.error(`cms output:\n${server.tail()}`)
} finally {
  await server?.stop()
  await stopPg()
}
process.exit(exitCode)

/** A list response must hold only published courses of the learner's tenant. */
function checkList(tenantId: string) {
  return (_path: string, body: unknown): Check => {
    const docs = (body as { docs?: Array<{ tenant?: unknown; published?: unknown }> }).docs ?? []
    return {
      docs: docs.length,
      crossTenant: docs.filter((d) => d.tenant !== tenantId).length,
      unpublished: docs.filter((d) => d.published !== true).length,
    }
  }
}

/** A by-id response must be that course, published, of the learner's tenant. */
function checkOne(tenantId: string) {
  return (requested: string, body: unknown): Check => {
    const doc = body as { id?: unknown; tenant?: unknown; published?: unknown }
    const id = requested.split('/').pop()?.split('?')[0]
    return {
      docs: 1,
      crossTenant: doc.tenant !== tenantId || doc.id !== id ? 1 : 0,
      unpublished: doc.published === true ? 0 : 1,
    }
  }
}
