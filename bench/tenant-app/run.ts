/**
 * tenant-app benchmark: server-rendered pages of ONE school's instance under 100 concurrent
 * connections (p50/p95 latency, requests per second), and the instance's idle RSS after warm-up
 * and after the load. Prints numbers next to the targets of issue 5 (p95 ≤ 50 ms, idle RSS ≤
 * 120 MB); asserts nothing. See README.md next to this file.
 *
 *   node bench/tenant-app/run.ts [--connections=100] [--duration=10] [--warmup=3] [--idle=5]
 *                                [--server=path/to/tenant-app/server.js]
 *
 * Real and local: the cms (its production build, demo seed, on the shared embedded test
 * PostgreSQL) and the tenant-app's standalone build as its own OS process with Northwind's env
 * and a tenant key minted by the super-admin, as the provisioner does. The demo learner signs in
 * with the cms login (the JWT the app's sign-in keeps in its `lyceum_session` cookie) and is
 * enrolled in the demo course first.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { INSTANCE_NODE_FLAGS, prepareStandalone } from '@lyceum/provisioner/drivers/local'
import { freePort, startCmsServer } from '@lyceum/testing/cms'
import { repoRoot } from '@lyceum/testing/db'
import { quantile } from '../cms/lib/load.ts'
import { mb, ms, table } from '../cms/lib/report.ts'
import { cpuMs, machineCpuMs, rssBytes } from '../cms/lib/server.ts'

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    idle: { type: 'string', default: '5' },
    server: { type: 'string' },
  },
})
const int = (name: 'connections' | 'duration' | 'warmup' | 'idle', min: number, max: number): number => {
  const value = Number(args[name])
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${String(args[name])}`)
  }
  return value
}
const CONNECTIONS = int('connections', 1, 500)
const DURATION_MS = int('duration', 1, 600) * 1000
const WARMUP_MS = int('warmup', 0, 120) * 1000
const IDLE_MS = int('idle', 0, 300) * 1000
/** Requests per page, one at a time, after 10 unmeasured ones: the warm-up and the "1 conn" column. */
const SERIAL = 40

/** The tenant-app's standalone server; `--server` runs a copy (others may rebuild the repo's meanwhile). */
const SERVER = path.resolve(
  args.server ?? path.join(repoRoot(), 'tenant-app', '.next', 'standalone', 'tenant-app', 'server.js'),
)
const SLUG = 'northwind'
const PASSWORD = 'lyceum-demo-2026'
const SUPER_ADMIN = 'superadmin@lyceum.example'
const LEARNER = `learner@${SLUG}.example`
/** Issue 5's targets, printed next to the results (never asserted). */
const TARGET_P95_MS = 50
const TARGET_IDLE_RSS = 120 * 1024 * 1024

// A run takes about a minute; never leave processes behind if something hangs.
const watchdog = setTimeout(
  () => {
    console.error('bench/tenant-app: watchdog fired; exiting')
    process.exit(2)
  },
  10 * 60_000 + 4 * (WARMUP_MS + DURATION_MS) + 2 * IDLE_MS,
)
watchdog.unref()

if (!existsSync(SERVER)) {
  console.error(`No tenant-app build at ${SERVER}: run \`pnpm --filter @lyceum/tenant-app build\` first.`)
  process.exit(1)
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
console.log(
  `bench/tenant-app · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}) · load ${loadavg()} · node ${process.version}`,
)
console.log(
  `${CONNECTIONS} connections · ${WARMUP_MS / 1000} s warm-up (not measured) + ${DURATION_MS / 1000} s per page · idle ${IDLE_MS / 1000} s before each RSS reading`,
)

/** What the page's "temporarily unavailable" view (a cms read failed or timed out) renders. */
const UNAVAILABLE = 'class="notice-code">503<'

/** One page under load: who asks for it, and a string its 200 body must contain. */
type Page = { label: string; path: string; cookie?: string; expect: string }

type Phase = {
  page: Page
  /** Latencies of the 200s completed in the measured window, ms, sorted. */
  latencies: Float64Array
  seconds: number
  /** Non-200 answers, 200s without the expected title and socket errors in the window, by kind. */
  errors: Map<string, number>
  /** CPU time of the instance and of the whole machine during the measured window, ms. */
  appCpuMs: number
  machineCpuMs: number
  peakRss: number
  /** Requests still waiting for their answer when the window closed. */
  unfinished: number
}

/** Instances to stop on the way out. */
const instances: Instance[] = []
const cmsServer = await startCmsServer({ seed: true })

try {
  // What the provisioner does for a school: a tenant key, minted by the super-admin over REST.
  const anonymous = createCmsClient({ baseUrl: cmsServer.baseUrl, timeoutMs: 30_000 })
  const platform = anonymous.withAuth({ token: (await anonymous.login(SUPER_ADMIN, PASSWORD)).token })
  const school = (await platform.find('tenants', { where: { slug: { equals: SLUG } }, limit: 1 })).docs[0]
  if (!school) throw new Error(`the demo seed has no school "${SLUG}"`)
  const tenantKey = `lyk_${randomBytes(24).toString('base64url')}`
  await platform.create('service-keys', {
    name: `tenant:${SLUG}:bench`,
    kind: 'tenant',
    tenant: school.id,
    enableAPIKey: true,
    apiKey: tenantKey,
  })

  // The demo course, its first lesson, and the learner enrolled in it (as the app's enroll does).
  const { course, lesson } = await demoCourse(platform, school.id)
  const learnerToken = (await anonymous.login(LEARNER, PASSWORD)).token
  const learner = anonymous.withAuth({ token: learnerToken })
  const me = await learner.me()
  if (!me) throw new Error(`${LEARNER} could not sign in`)
  const enrolled = await learner.find('enrollments', {
    where: { and: [{ user: { equals: me.id } }, { course: { equals: course.id } }] },
    limit: 1,
  })
  if (enrolled.docs.length === 0) {
    await learner.create('enrollments', { tenant: school.id, user: me.id, course: course.id })
  }

  // The instance, exactly as the provisioner's local driver runs one.
  prepareStandalone(SERVER)
  const started = performance.now()
  const app = await startInstance(cmsServer.baseUrl, tenantKey, CONNECTIONS)
  const { pid, get } = app
  console.log(`instance healthy ${ms(performance.now() - started)} after spawn; RSS ${mb(rssBytes(pid))}`)

  const session = `lyceum_session=${learnerToken}`
  const coursePath = `/courses/${course.slug}`
  const lessonPath = `${coursePath}/lessons/${lesson.slug}`
  const pages: Page[] = [
    { label: 'catalog / · signed out', path: '/', expect: course.title },
    { label: 'catalog / · learner', path: '/', cookie: session, expect: course.title },
    { label: `course page · signed out`, path: coursePath, expect: lesson.title },
    { label: `lesson page · learner`, path: lessonPath, cookie: session, expect: lesson.title },
  ]

  // Each page answers as it should before anything is timed (the lesson is the learner's only).
  for (const page of pages) {
    const { status, body } = await get(page.path, page.cookie)
    if (status !== 200 || !body.includes(escapeHtml(page.expect))) {
      throw new Error(`${page.label} (${page.path}) answered ${status} without "${page.expect}"`)
    }
  }
  const signedOutLesson = await get(lessonPath)
  if (signedOutLesson.status !== 404) {
    throw new Error(`the lesson page answered ${signedOutLesson.status} signed out, not 404`)
  }

  /** Closed loop: each connection sends a request, waits for the whole answer, sends the next. */
  async function load(page: Page, warmupMs: number, durationMs: number): Promise<Phase> {
    const expect = escapeHtml(page.expect)
    const start = performance.now()
    const measureFrom = start + warmupMs
    const stopAt = measureFrom + durationMs
    const latencies: number[] = []
    const errors = new Map<string, number>()
    let appCpu = 0
    let machineCpu = 0
    let peakRss = 0
    let inFlight = 0
    let unfinished = 0
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssBytes(pid) ?? 0)
    }, 250)
    const marks = setTimeout(() => {
      appCpu = -cpuMs(pid)
      machineCpu = -machineCpuMs().processes
    }, warmupMs)
    const loop = async () => {
      for (;;) {
        const sent = performance.now()
        if (sent >= stopAt) return
        let outcome: string
        inFlight++
        try {
          const { status, body } = await get(page.path, page.cookie)
          outcome =
            status !== 200
              ? String(status)
              : body.includes(expect)
                ? 'ok'
                : body.includes(UNAVAILABLE)
                  ? 'unavailable view'
                  : 'wrong body'
        } catch (error) {
          outcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }
        inFlight--
        const done = performance.now()
        // Measured: what completes inside the window (as wrk counts), whenever it was sent.
        if (done < measureFrom || done > stopAt) continue
        if (outcome === 'ok') latencies.push(done - sent)
        else errors.set(outcome, (errors.get(outcome) ?? 0) + 1)
      }
    }
    const endMarks = setTimeout(() => {
      unfinished = inFlight
      appCpu += cpuMs(pid)
      machineCpu += machineCpuMs().processes
    }, warmupMs + durationMs)
    await Promise.all(Array.from({ length: CONNECTIONS }, loop))
    clearInterval(sampler)
    clearTimeout(marks)
    clearTimeout(endMarks)
    return {
      page,
      latencies: Float64Array.from(latencies).sort(),
      seconds: durationMs / 1000,
      errors,
      appCpuMs: appCpu,
      machineCpuMs: machineCpu,
      peakRss,
      unfinished,
    }
  }

  // Warm-up, one request at a time (JIT, React's and the cms's caches), which also gives each
  // page's cost without queueing; then idle: the first RSS reading.
  const serial = new Map<Page, Float64Array>()
  for (const page of pages) {
    const times: number[] = []
    for (let i = 0; i < SERIAL + 10; i++) {
      const t = performance.now()
      const { status } = await get(page.path, page.cookie)
      if (status !== 200) throw new Error(`${page.label} answered ${status} during the warm-up`)
      if (i >= 10) times.push(performance.now() - t)
    }
    serial.set(page, Float64Array.from(times).sort())
    console.log(
      `  warm-up ${page.label}: ${SERIAL} requests one at a time, p50 ${ms(quantile(serial.get(page) ?? new Float64Array(), 0.5))}; instance RSS now ${mb(rssBytes(pid))}`,
    )
  }
  await sleep(IDLE_MS)
  const idleAfterWarmup = rssBytes(pid)

  const phases: Phase[] = []
  for (const page of pages) {
    phases.push(await load(page, WARMUP_MS, DURATION_MS))
    console.log(`  measured ${page.label} (load ${loadavg()})`)
  }
  await sleep(IDLE_MS)
  const idleAfterLoad = rssBytes(pid)

  const cores = os.cpus().length
  console.log(
    `\n${CONNECTIONS} concurrent connections, ${SLUG} (one instance), target p95 ≤ ${TARGET_P95_MS} ms`,
  )
  console.log(
    table(
      [
        'page',
        '1 conn p50',
        'requests',
        'req/s',
        'p50',
        'p95',
        'p99',
        'max',
        'errors',
        'unfinished',
        'app CPU',
        'machine CPU',
        'peak RSS',
      ],
      phases.map((r) => {
        const p95 = quantile(r.latencies, 0.95)
        const share = (cpu: number, of: number) =>
          r.seconds > 0 ? `${((cpu / (r.seconds * 1000 * of)) * 100).toFixed(0)} %` : '–'
        return [
          `${r.page.label}  ${r.page.path}`,
          ms(quantile(serial.get(r.page) ?? new Float64Array(), 0.5)),
          String(r.latencies.length),
          r.seconds > 0 ? (r.latencies.length / r.seconds).toFixed(0) : '–',
          ms(quantile(r.latencies, 0.5)),
          `${ms(p95)} ${p95 <= TARGET_P95_MS ? '✓' : '✗'}`,
          ms(quantile(r.latencies, 0.99)),
          ms(r.latencies.at(-1)),
          r.errors.size === 0 ? '0' : [...r.errors].map(([k, v]) => `${v}× ${k}`).join(', '),
          String(r.unfinished),
          share(r.appCpuMs, 1),
          `${share(r.machineCpuMs, cores)} of ${cores}`,
          mb(r.peakRss),
        ]
      }),
    ),
  )
  for (const r of phases.filter((r) => r.latencies.length === 0)) {
    console.log(
      `${r.page.label}: nothing completed inside the window (every answer took over ${(WARMUP_MS + DURATION_MS) / 1000} s, or failed); try a longer --warmup`,
    )
  }
  console.log('unfinished: requests still waiting for their answer when the window closed')
  const rssLine = (label: string, bytes: number | undefined) =>
    `${label}: ${mb(bytes)} ${bytes !== undefined && bytes <= TARGET_IDLE_RSS ? '✓' : '✗'}`
  console.log(
    `\nidle RSS of the instance (target ≤ ${mb(TARGET_IDLE_RSS)}), each after ${IDLE_MS / 1000} s without requests`,
  )
  console.log(rssLine('  after warm-up', idleAfterWarmup))
  console.log(rssLine('  after the load', idleAfterLoad))
  console.log(
    `\napp CPU: the instance's share of one core; machine CPU: every process (the cms, PostgreSQL, this load generator and other work) over all ${cores} cores.`,
  )
  console.log(`load after: ${loadavg()}`)

  // Why a page costs what it costs: the cms calls behind one request, counted on a second,
  // short-lived instance whose cms URL is a counting pass-through (never in the measured path).
  const calls: string[] = []
  const cmsPort = Number(new URL(cmsServer.baseUrl).port)
  const counter = http.createServer((req, res) => {
    calls.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    const upstream = http.request(
      { host: '127.0.0.1', port: cmsPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve))
  const counterPort = (counter.address() as { port: number }).port
  try {
    await app.stop()
    const probe = await startInstance(`http://127.0.0.1:${counterPort}`, tenantKey, 1)
    console.log('\ncms calls behind one request (a second instance; mean of 3 after one unmeasured)')
    for (const page of pages) {
      await probe.get(page.path, page.cookie)
      calls.length = 0
      for (let i = 0; i < 3; i++) await probe.get(page.path, page.cookie)
      const byPath = new Map<string, number>()
      for (const call of calls) byPath.set(call, (byPath.get(call) ?? 0) + 1)
      const detail = [...byPath]
        .sort((a, b) => b[1] - a[1])
        .map(([call, n]) => `${call} ×${(n / 3).toFixed(n % 3 ? 1 : 0)}`)
        .join(', ')
      console.log(`  ${page.label}: ${(calls.length / 3).toFixed(1)} (${detail})`)
    }
  } finally {
    counter.close()
    counter.closeAllConnections()
  }
} finally {
  await Promise.all(instances.map((i) => i.stop()))
  await cmsServer.close().catch(() => {})
}

type Instance = {
  pid: number
  /** One GET with this school's Host header (and `cookie`); the whole body as text. */
  get(pathname: string, cookie?: string): Promise<{ status: number; body: string }>
  stop(): Promise<void>
}

/**
 * Spawns the standalone server with Northwind's env (`cmsUrl` as LYCEUM_CMS_URL) on a free port
 * and waits for `/healthz` to answer 200 (60 s at most).
 */
async function startInstance(cmsUrl: string, tenantKey: string, sockets: number): Promise<Instance> {
  const port = await freePort()
  const host = `${SLUG}.localhost:${port}`
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LYCEUM_')))
  const child = spawn(process.execPath, [...INSTANCE_NODE_FLAGS, path.basename(SERVER)], {
    cwd: path.dirname(SERVER),
    env: {
      ...inherited,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      LYCEUM_TENANT_SLUG: SLUG,
      LYCEUM_CMS_URL: cmsUrl,
      LYCEUM_TENANT_API_KEY: tenantKey,
      LYCEUM_PUBLIC_URL: `http://${host}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  if (child.pid === undefined) throw new Error(`could not start ${SERVER}`)
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets })
  const instance: Instance = {
    pid: child.pid,
    get: (pathname, cookie) =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { host, accept: 'text/html' }
        if (cookie) headers.cookie = cookie
        const req = http.get({ host: '127.0.0.1', port, path: pathname, agent, headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          )
          res.on('error', reject)
        })
        req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
        req.on('error', reject)
      }),
    async stop() {
      agent.destroy()
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(killer)
    },
  }
  instances.push(instance)
  const started = performance.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tenant-app exited with ${child.exitCode}:\n${stderr}`)
    const status = await instance
      .get('/healthz')
      .then((r) => r.status)
      .catch(() => 0)
    if (status === 200) return instance
    if (performance.now() - started > 60_000)
      throw new Error(`tenant-app not healthy within 60 s:\n${stderr}`)
    await sleep(20)
  }
}

/** The first published course of the school (by slug), with its first lesson in reading order. */
async function demoCourse(platform: CmsClient, tenantId: string) {
  const courses = await platform.find('courses', {
    where: { and: [{ tenant: { equals: tenantId } }, { published: { equals: true } }] },
    sort: 'slug',
    limit: 1,
  })
  const course = courses.docs[0]
  if (!course?.slug) throw new Error('the demo school has no published course')
  const sections = await platform.find('sections', {
    where: { course: { equals: course.id } },
    sort: 'order',
    limit: 1,
  })
  const section = sections.docs[0]
  if (!section) throw new Error(`course ${course.slug} has no section`)
  const lessons = await platform.find('lessons', {
    where: { section: { equals: section.id } },
    sort: 'order',
    limit: 1,
  })
  const lesson = lessons.docs[0]
  if (!lesson?.slug) throw new Error(`course ${course.slug} has no lesson`)
  return {
    course: { id: course.id, slug: course.slug, title: course.title },
    lesson: { slug: lesson.slug, title: lesson.title },
  }
}

/** What React writes for `text` in HTML (the characters it escapes). */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;')
}
