/**
 * Console benchmark: the super-admin tenants table (`/admin/tenants`) of the hub's production
 * build, against the production cms on PostgreSQL holding 10,000 schools with their
 * subscriptions and provisioning runs. Prints p50/p95/max per query variant; asserts nothing.
 *
 *   node bench/console/run.ts [--tenants 10000] [--requests 60] [--warmup 5]
 *
 * Needs the cms and hub builds (`pnpm --filter @lyceum/cms build`, `cd hub && pnpm run build`).
 * See README.md next to this file.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createCmsClient } from '@lyceum/cms-client'
import { withClient } from '@lyceum/postgres'
import { startCmsServer } from '@lyceum/testing/cms'
import { repoRoot } from '@lyceum/testing/db'
import { median, ms, table } from '../cms/lib/report.ts'

const { values: args } = parseArgs({
  options: {
    tenants: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
  },
})
const int = (name: keyof typeof args, min: number, max: number): number => {
  const value = Number(args[name])
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${String(args[name])}`)
  }
  return value
}
const TENANTS = int('tenants', 10, 200_000)
const REQUESTS = int('requests', 5, 10_000)
const WARMUP = int('warmup', 0, 1_000)
const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }
const HUB_ENTRY = path.join(repoRoot(), 'hub', 'build', 'index.js')
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const log = (line: string) => console.log(`[bench] ${line}`)

if (!existsSync(HUB_ENTRY)) {
  console.error(`No hub build at ${HUB_ENTRY}: run \`pnpm run build\` in hub/ first.`)
  process.exit(1)
}

const children: ChildProcess[] = []
// Never leave the hub behind, whatever ends the run.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})
const watchdog = setTimeout(() => {
  console.error('bench/console: watchdog (15 min) fired; exiting')
  for (const child of children) child.kill('SIGKILL')
  process.exit(2)
}, 15 * 60_000)
watchdog.unref()

console.log(
  `bench/console · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}) · node ${process.version} · ` +
    `${TENANTS} tenants · ${REQUESTS} requests per variant after ${WARMUP} warm-up · load ${loadavg()}`,
)

// 1. The cms (seeded: plans, the demo schools, the super-admin) and a platform key.
const cmsServer = await startCmsServer({ seed: true })
const anonymous = createCmsClient({ baseUrl: cmsServer.baseUrl, timeoutMs: 30_000 })
const { token } = await anonymous.login(SUPER_ADMIN.email, SUPER_ADMIN.password)
const platformKey = `plk_${randomBytes(24).toString('hex')}`
await anonymous.withAuth({ token }).create('service-keys', {
  name: 'bench console',
  kind: 'platform',
  enableAPIKey: true,
  apiKey: platformKey,
})

try {
  // 2. 10,000 schools straight into the cms's database, with a subscription (90 %) and a run each.
  const seedStarted = performance.now()
  await withClient(cmsServer.databaseUrl, async (client) => {
    const plans = (await client.query<{ id: string }>('SELECT id FROM plans ORDER BY sort_order')).rows.map(
      (r) => r.id,
    )
    const words = ['Academy', 'School', 'Institute', 'College', 'Studio', 'Lab', 'Workshop', 'Campus']
    const places = ['North', 'South', 'River', 'Lake', 'Hill', 'Harbor', 'Maple', 'Cedar', 'Summit', 'Valley']
    const statuses = [
      'active',
      'active',
      'active',
      'active',
      'active',
      'active',
      'suspended',
      'pending',
      'failed',
      'deprovisioned',
    ]
    const t = {
      name: [] as string[],
      slug: [] as string[],
      status: [] as string[],
      plan: [] as string[],
      at: [] as string[],
    }
    const now = Date.now()
    for (let i = 0; i < TENANTS; i++) {
      const place = places[i % places.length] ?? 'North'
      const word = words[Math.floor(i / places.length) % words.length] ?? 'Academy'
      t.name.push(`${place} ${word} ${i}`)
      t.slug.push(`${place.toLowerCase()}-${word.toLowerCase()}-${i}`)
      t.status.push(statuses[i % statuses.length] ?? 'active')
      t.plan.push(plans[i % plans.length] ?? '')
      t.at.push(new Date(now - ((i * 7919) % (365 * 24 * 60)) * 60_000).toISOString())
    }
    await client.query('BEGIN')
    const { rows } = await client.query<{ id: string; plan_id: string; status: string }>(
      `INSERT INTO tenants (name, slug, status, plan_id, locale, created_at, updated_at)
     SELECT n, s, st::enum_tenants_status, p::uuid, 'en', a, a
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS x(n, s, st, p, a)
     RETURNING id, plan_id, status`,
      [t.name, t.slug, t.status, t.plan, t.at],
    )
    const providers = ['stripe', 'stripe', 'paddle', 'sandbox']
    const subStatus: Record<string, string> = {
      active: 'active',
      suspended: 'past_due',
      pending: 'incomplete',
      failed: 'active',
      deprovisioned: 'canceled',
    }
    const withSub = rows.filter((_, i) => i % 10 !== 9)
    await client.query(
      `INSERT INTO subscriptions (tenant_id, provider, plan_id, status, current_period_end)
     SELECT t, pr::enum_subscriptions_provider, p, st::enum_subscriptions_status, now() + interval '20 days'
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS x(t, pr, p, st)`,
      [
        withSub.map((r) => r.id),
        withSub.map((_, i) => providers[i % providers.length] ?? 'stripe'),
        withSub.map((r) => r.plan_id),
        withSub.map((r) => subStatus[r.status] ?? 'active'),
      ],
    )
    await client.query(
      `INSERT INTO provisioning_runs (tenant_id, action, status, attempts, started_at, finished_at)
     SELECT t, 'provision', CASE WHEN st = 'failed' THEN 'failed' ELSE 'succeeded' END::enum_provisioning_runs_status,
       1, now(), now()
     FROM unnest($1::uuid[], $2::text[]) AS x(t, st)`,
      [rows.map((r) => r.id), rows.map((r) => r.status)],
    )
    await client.query('COMMIT')
    await client.query('VACUUM (ANALYZE)')
  })
  log(`seed: ${TENANTS} tenants, subscriptions and runs in ${ms(performance.now() - seedStarted)}`)

  // 3. The hub's production build, as `pnpm start` runs it.
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as net.AddressInfo
      server.close(() => resolve(p))
    })
  })
  const hub = spawn(process.execPath, [HUB_ENTRY], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      PROTOCOL_HEADER: 'x-forwarded-proto',
      LYCEUM_CMS_URL: cmsServer.baseUrl,
      LYCEUM_PLATFORM_KEY: platformKey,
      LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
    },
  })
  children.push(hub)
  let hubOutput = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      hubOutput += chunk
      if (hubOutput.includes('Listening on')) resolve()
    }
    hub.stdout.on('data', onData)
    hub.stderr.on('data', onData)
    hub.on('exit', (code) => reject(new Error(`the hub exited with ${code}:\n${hubOutput}`)))
  })
  const hubUrl = `http://127.0.0.1:${port}`

  // 4. A super-admin session through the hub's own sign-in.
  const login = await fetch(`${hubUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      // As a browser posting the form (with */*, SvelteKit answers the action as JSON).
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      origin: hubUrl,
      'x-forwarded-proto': 'http',
    },
    body: new URLSearchParams(SUPER_ADMIN).toString(),
  })
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .find((pair) => pair?.startsWith('lyceum_session='))
  if (login.status !== 303 || !cookie) {
    throw new Error(`sign-in answered ${login.status}: ${(await login.text()).slice(0, 800)}`)
  }

  // 5. The variants: what a super-admin does with the table.
  const variants: Array<[string, string]> = [
    ['default (newest first, page 1)', ''],
    ['deep page (page 200)', '?page=200'],
    ['search name/slug "harbor"', '?q=harbor'],
    ['search, no match', '?q=zzzz-nothing'],
    ['status = suspended', '?status=suspended'],
    ['plan filter', '?plan=__PLAN__'],
    ['provider = paddle', '?provider=paddle'],
    ['sort by name', '?sort=name'],
    ['sort by status desc, page 50', '?sort=-status&page=50'],
    ['search + status + provider + sort', '?q=lake&status=active&provider=stripe&sort=slug'],
  ]
  const planCode = await withClient(cmsServer.databaseUrl, async (client) => {
    const { rows } = await client.query<{ code: string }>(
      'SELECT code FROM plans ORDER BY sort_order LIMIT 1',
    )
    return rows[0]?.code ?? 'starter'
  })

  async function get(search: string): Promise<{ ms: number; total: string | null }> {
    const started = performance.now()
    const response = await fetch(`${hubUrl}/admin/tenants${search.replace('__PLAN__', planCode)}`, {
      headers: { cookie, 'x-forwarded-proto': 'http' },
    })
    const body = await response.text()
    const elapsed = performance.now() - started
    if (response.status !== 200) throw new Error(`${search}: ${response.status}\n${body.slice(0, 500)}`)
    return { ms: elapsed, total: /data-total="(\d+)"/.exec(body)?.[1] ?? null }
  }

  const rowsOut: string[][] = []
  const all: number[] = []
  for (const [label, search] of variants) {
    for (let i = 0; i < WARMUP; i++) await get(search)
    const times: number[] = []
    let total: string | null = null
    for (let i = 0; i < REQUESTS; i++) {
      const result = await get(search)
      times.push(result.ms)
      total = result.total
    }
    times.sort((a, b) => a - b)
    all.push(...times)
    const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]
    rowsOut.push([label, total ?? '?', ms(median(times)), ms(p95), ms(times.at(-1))])
  }
  all.sort((a, b) => a - b)
  rowsOut.push([
    'all variants',
    '',
    ms(median(all)),
    ms(all[Math.min(all.length - 1, Math.ceil(all.length * 0.95) - 1)]),
    ms(all.at(-1)),
  ])
  console.log('')
  console.log(`GET /admin/tenants through the hub (one request at a time; target p95 ≤ 100 ms):`)
  console.log(table(['variant', 'matches', 'p50', 'p95', 'max'], rowsOut))

  // The dashboard, for reference (not part of the target): it reads every paying subscription
  // and every school created in 30 days, so it grows with the platform.
  const dashboard: number[] = []
  for (let i = 0; i < WARMUP + Math.min(REQUESTS, 20); i++) {
    const started = performance.now()
    const response = await fetch(`${hubUrl}/admin`, { headers: { cookie, 'x-forwarded-proto': 'http' } })
    await response.text()
    if (response.status !== 200) throw new Error(`/admin: ${response.status}`)
    if (i >= WARMUP) dashboard.push(performance.now() - started)
  }
  dashboard.sort((a, b) => a - b)
  console.log(
    `GET /admin (dashboard): p50 ${ms(median(dashboard))}, max ${ms(dashboard.at(-1))} (${dashboard.length} requests)`,
  )
  // Other work on the machine shows in the numbers: say how busy it was.
  console.log(`load average at the end: ${loadavg()}`)
} finally {
  for (const child of children) child.kill('SIGTERM')
  await cmsServer.close()
}
process.exit(0)
