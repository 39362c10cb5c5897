/**
 * The billing integration tests' world: the real cms (production build, seeded) on a fresh
 * database, a platform key, a pool on the same database (graphile-worker), the webhook handlers
 * served over real HTTP on a loopback port exactly as the SvelteKit routes call them, and the
 * billing worker on demand.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type CmsClient, createCmsClient, type Tenant } from '@lyceum/cms-client'
import type { Mailer } from '@lyceum/mail'
import { type CmsServer, mintPlatformKey, startCmsServer } from '@lyceum/testing/cms'
import pg from 'pg'
import { type BillingConfig, WEBHOOK_MAX_BYTES } from '../../src/lib/server/billing/config.ts'
import { storeInboxEvent } from '../../src/lib/server/billing/inbox.ts'
import type { Refetch } from '../../src/lib/server/billing/processor.ts'
import { enqueueBillingEvent } from '../../src/lib/server/billing/queue.ts'
import { createWebhookHandlers } from '../../src/lib/server/billing/webhooks.ts'
import { type BillingWorker, startBillingWorker } from '../../src/lib/server/billing/worker.ts'

export const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }
export const STRIPE_SECRET = 'whsec_test_stripe_0123456789abcdef'
export const PADDLE_SECRET = 'pdl_ntfset_test_0123456789abcdef'

export type World = {
  server: CmsServer
  cms: CmsClient
  pool: pg.Pool
  /** `http://127.0.0.1:<port>`: POST /api/webhooks/stripe and /api/webhooks/paddle. */
  hubUrl: string
  config: BillingConfig
  startWorker(options?: { mailer?: Mailer | null; refetch?: Refetch | null }): Promise<BillingWorker>
  close(): Promise<void>
}

/** Both providers configured (their keys are never used: no provider API is called before the 200). */
export function testConfig(overrides: Partial<BillingConfig> = {}): BillingConfig {
  return {
    stripe: { secretKey: 'sk_test_unused', webhookSecret: STRIPE_SECRET },
    paddle: { apiKey: 'pdl_test_unused', webhookSecret: PADDLE_SECRET, environment: 'sandbox' },
    sandbox: null,
    policy: { gracePeriodDays: 7, retentionDays: 30 },
    webhookMaxBytes: WEBHOOK_MAX_BYTES,
    ...overrides,
  }
}

/** Converts a node request into a fetch Request, as adapter-node does. */
function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  // Node's fetch needs `duplex: 'half'` for a streamed body (not in every RequestInit typing).
  const init: RequestInit & { duplex: 'half' } = {
    method: req.method,
    headers,
    body: hasBody ? (req as unknown as ReadableStream) : undefined,
    duplex: 'half',
  }
  return new Request(new URL(req.url ?? '/', origin), init)
}

/** Serves the webhook handlers on a loopback port. */
export async function serveWebhooks(
  handlers: ReturnType<typeof createWebhookHandlers>,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`
    const path = new URL(req.url ?? '/', origin).pathname
    const handler =
      req.method === 'POST' && path === '/api/webhooks/stripe'
        ? handlers.stripe
        : req.method === 'POST' && path === '/api/webhooks/paddle'
          ? handlers.paddle
          : null
    if (!handler) {
      res.writeHead(404).end()
      return
    }
    try {
      const response = await handler(toRequest(req, origin))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.writeHead(500).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** A pool on a test database, with the error handlers graphile-worker wants. */
export function openPool(connectionString: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString, max })
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return pool
}

export async function startWorld(config: BillingConfig = testConfig()): Promise<World> {
  const server = await startCmsServer({ seed: true })
  const anonymous = createCmsClient({ baseUrl: server.baseUrl, timeoutMs: 30_000 })
  const platformKey = await mintPlatformKey(server, 'hub billing tests')
  const cms = anonymous.withAuth({ apiKey: platformKey })
  const pool = openPool(server.databaseUrl)
  const handlers = createWebhookHandlers({
    config,
    store: (event) => storeInboxEvent(cms, event),
    enqueue: (row) => enqueueBillingEvent(pool, row),
  })
  const http = await serveWebhooks(handlers)
  const workers: BillingWorker[] = []
  return {
    server,
    cms,
    pool,
    hubUrl: http.url,
    config,
    async startWorker(options = {}) {
      const worker = await startBillingWorker({
        cms,
        pool,
        config,
        hubPublicUrl: 'http://localhost:8080',
        mailer: options.mailer ?? null,
        refetch: options.refetch ?? null,
        pollIntervalMs: 200,
        sweepIntervalMs: 0,
      })
      workers.push(worker)
      return worker
    },
    async close() {
      for (const worker of workers) await worker.stop()
      await new Promise<void>((resolve) => http.server.close(() => resolve()))
      await pool.end()
      await server.close()
    },
  }
}

let counter = 0
/** A new `pending` school with an admin account (for the emails). */
export async function createSchool(
  cms: CmsClient,
  prefix = 'bill',
): Promise<Tenant & { adminEmail: string }> {
  counter++
  const slug = `${prefix}-${counter}-${randomBytes(3).toString('hex')}`
  const tenant = await cms.create('tenants', {
    name: `School ${slug}`,
    slug,
    status: 'pending',
    locale: 'en',
  })
  const adminEmail = `owner-${slug}@example.test`
  await cms.create('users', {
    email: adminEmail,
    password: 'a long enough password 2026',
    memberships: [{ tenant: tenant.id, role: 'admin' }],
  })
  return { ...tenant, adminEmail }
}

/** Waits until `check` returns a value other than undefined (generous deadline, no fixed sleeps). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Counts rows in the inbox and billing jobs in the queue (straight from the database). */
export async function counts(pool: pg.Pool): Promise<{ inbox: number; billingJobs: number }> {
  const inbox = await pool.query<{ n: number }>('select count(*)::int as n from billing_events')
  const jobs = await pool
    .query<{ n: number }>(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'lyceum_billing_event'",
    )
    .catch(() => ({ rows: [{ n: 0 }] }))
  return { inbox: inbox.rows[0]?.n ?? 0, billingJobs: jobs.rows[0]?.n ?? 0 }
}
