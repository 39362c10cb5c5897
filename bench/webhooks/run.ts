/**
 * Webhook benchmark: how fast the hub acknowledges payment-provider webhooks, and how many
 * events per second the billing worker turns into subscription state. Prints numbers; asserts
 * nothing. See README.md next to this file.
 *
 *   node bench/webhooks/run.ts [--schools=50] [--connections=50]
 *
 * Everything real except SvelteKit's router: the production cms build on a fresh database of the
 * test PostgreSQL, the hub's webhook handlers (hub/src/lib/server/billing, the code the
 * `/api/webhooks/*` routes call) on a loopback `node:http` server, Stripe signatures checked by
 * the SDK, graphile-worker in the same database.
 *
 * 1. Acknowledgement: every school's Stripe history (9 events) is delivered with `--connections`
 *    deliveries in flight, the worker stopped; latency per delivery (sign → 200) p50/p99.
 * 2. Processing: the worker starts (concurrency 4) on the backlog; events processed per second
 *    until no inbox row is pending.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createCmsClient } from '@lyceum/cms-client'
import { startCmsServer } from '@lyceum/testing/cms'
import Stripe from 'stripe'
// Relative imports: the bench drives the hub's own billing modules (apps are not packages).
import { WEBHOOK_MAX_BYTES } from '../../hub/src/lib/server/billing/config.ts'
import { storeInboxEvent } from '../../hub/src/lib/server/billing/inbox.ts'
import { enqueueBillingEvent } from '../../hub/src/lib/server/billing/queue.ts'
import { createWebhookHandlers } from '../../hub/src/lib/server/billing/webhooks.ts'
import { startBillingWorker } from '../../hub/src/lib/server/billing/worker.ts'
import { stripeHistory } from '../../hub/tests/billing/events.ts'
import { openPool } from '../../hub/tests/billing/support.ts'

const { values } = parseArgs({
  options: {
    schools: { type: 'string', default: '50' },
    connections: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
  },
})
const SCHOOLS = Number(values.schools)
const CONNECTIONS = Number(values.connections)
const CONCURRENCY = Number(values.concurrency)
const SECRET = 'whsec_bench_0123456789'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
const ms = (value: number) => `${value.toFixed(1)} ms`

async function main() {
  console.log(`webhooks bench: ${os.cpus().length} cores, node ${process.version}`)
  const started = performance.now()
  const server = await startCmsServer({ seed: true })
  const anonymous = createCmsClient({ baseUrl: server.baseUrl, timeoutMs: 60_000 })
  const { token } = await anonymous.login('superadmin@lyceum.example', 'lyceum-demo-2026')
  const platformKey = `plk_${randomBytes(24).toString('hex')}`
  await anonymous
    .withAuth({ token })
    .create('service-keys', { name: 'bench', kind: 'platform', enableAPIKey: true, apiKey: platformKey })
  const cms = anonymous.withAuth({ apiKey: platformKey })
  const pool = openPool(server.databaseUrl)
  const config = {
    stripe: { secretKey: 'sk_test_unused', webhookSecret: SECRET },
    paddle: null,
    sandbox: null,
    policy: { gracePeriodDays: 7, retentionDays: 30 },
    webhookMaxBytes: WEBHOOK_MAX_BYTES,
  }
  const handlers = createWebhookHandlers({
    config,
    store: (event) => storeInboxEvent(cms, event),
    enqueue: (row) => enqueueBillingEvent(pool, row),
  })
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value)
    const response = await handlers.stripe(
      new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }),
    )
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text())
  })
  http.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/webhooks/stripe`

  const events: unknown[] = []
  for (let i = 0; i < SCHOOLS; i++) {
    const slug = `bench-${i}-${randomBytes(2).toString('hex')}`
    const school = await cms.create('tenants', { name: slug, slug, status: 'pending', locale: 'en' })
    events.push(...stripeHistory(school.id, 'price_bench').events)
  }
  console.log(
    `setup: cms, ${SCHOOLS} schools, ${events.length} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )

  // 1. Acknowledgement latency, `CONNECTIONS` deliveries in flight, no worker.
  const latencies: number[] = []
  let next = 0
  let refused = 0
  const ackStart = performance.now()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (;;) {
        const index = next++
        if (index >= events.length) return
        const payload = JSON.stringify(events[index])
        const t0 = performance.now()
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
          },
          body: payload,
        })
        await response.arrayBuffer()
        latencies.push(performance.now() - t0)
        if (response.status !== 200) refused++
      }
    }),
  )
  const ackSeconds = (performance.now() - ackStart) / 1000
  latencies.sort((a, b) => a - b)
  console.log(
    `acknowledgement, ${CONNECTIONS} concurrent: ${latencies.length} deliveries, p50 ${ms(percentile(latencies, 50))}, ` +
      `p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}, ` +
      `${(latencies.length / ackSeconds).toFixed(0)} acks/s, ${refused} not 200`,
  )

  // 2. Processing the backlog.
  const pending = async () => {
    const { rows } = await pool.query<{ n: number }>(
      "select count(*)::int as n from billing_events where outcome = 'pending'",
    )
    return rows[0]?.n ?? 0
  }
  const backlog = await pending()
  const processStart = performance.now()
  const worker = await startBillingWorker({
    cms,
    pool,
    config,
    hubPublicUrl: 'http://localhost:8080',
    mailer: null,
    concurrency: CONCURRENCY,
    pollIntervalMs: 100,
    sweepIntervalMs: 0,
  })
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 100))
  const processSeconds = (performance.now() - processStart) / 1000
  const { rows: outcomes } = await pool.query<{ outcome: string; n: number }>(
    'select outcome, count(*)::int as n from billing_events group by outcome order by outcome',
  )
  console.log(
    `processing, worker concurrency ${CONCURRENCY}: ${backlog} events in ${processSeconds.toFixed(1)} s = ` +
      `${(backlog / processSeconds).toFixed(1)} events/s (${outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')})`,
  )

  await worker.stop()
  await new Promise<void>((resolve) => http.close(() => resolve()))
  await pool.end()
  await server.close()
}

await main()
