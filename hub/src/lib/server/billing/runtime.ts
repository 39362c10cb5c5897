/**
 * The hub's billing wiring, from the environment: the webhook handlers the routes call, the
 * payment clients checkout uses, and the worker started by `init` in hooks.server.ts.
 */
import { createMailer, type Mailer } from '@lyceum/mail'
import { Paddle } from '@paddle/paddle-node-sdk'
import pg from 'pg'
import Stripe from 'stripe'
import { cms } from '../cms.ts'
import { env } from '../env.ts'
import { accountExportTasks } from '../portal/exports-runtime.ts'
import { billingConfigFromEnv } from './config.ts'
import { storeInboxEvent } from './inbox.ts'
import { enqueueBillingEvent } from './queue.ts'
import { createRefetch, paddleBaseUrl } from './refetch.ts'
import { createWebhookHandlers } from './webhooks.ts'
import { type BillingWorker, startBillingWorker } from './worker.ts'

export const billingConfig = billingConfigFromEnv(env)

/** The cms's PostgreSQL, for the billing and lifecycle queues; null without DATABASE_URL. */
export const billingPool: pg.Pool | null = env.DATABASE_URL
  ? new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 })
  : null
billingPool?.on('error', (error) => console.error(`[billing] idle database client: ${error.message}`))
// graphile-worker wants an error handler on every client too (it reports the errors itself).
billingPool?.on('connect', (client) => client.on('error', () => {}))

/** Stripe's client, when STRIPE_SECRET_KEY is set. */
export const stripe: Stripe | null = billingConfig.stripe
  ? new Stripe(billingConfig.stripe.secretKey, { maxNetworkRetries: 2, timeout: 20_000 })
  : null

/** Paddle's client, when PADDLE_API_KEY is set (PADDLE_ENVIRONMENT: sandbox, production or a URL). */
export const paddle: Paddle | null = billingConfig.paddle
  ? new Paddle(billingConfig.paddle.apiKey, {
      // The SDK takes its enum values or, for tests, any base URL (see PITFALLS.md).
      environment: (billingConfig.paddle.environment in { sandbox: 1, production: 1 }
        ? billingConfig.paddle.environment
        : paddleBaseUrl(billingConfig.paddle.environment)) as never,
    })
  : null

export const mailer: Mailer | null = env.LYCEUM_SMTP_URL
  ? createMailer({ smtpUrl: env.LYCEUM_SMTP_URL, from: env.LYCEUM_MAIL_FROM })
  : null

export const webhooks = createWebhookHandlers({
  config: billingConfig,
  store: (event) => storeInboxEvent(cms, event),
  enqueue: async (row) => {
    if (!billingPool) throw new Error('DATABASE_URL is not set: the billing queue is unavailable')
    await enqueueBillingEvent(billingPool, row)
  },
})

let worker: BillingWorker | null = null

/** Starts the billing worker when DATABASE_URL is set; says which providers are on. */
export async function startBilling(): Promise<void> {
  const providers = [
    billingConfig.stripe && 'Stripe',
    billingConfig.paddle && 'Paddle',
    billingConfig.sandbox && 'the sandbox (no real payments)',
  ].filter(Boolean)
  if (!billingPool) {
    console.warn(`[hub] billing: ${providers.join(', ')}; no DATABASE_URL, so webhooks answer 503`)
    return
  }
  try {
    worker = await startBillingWorker(workerOptions())
    console.log(`[hub] billing: ${providers.join(', ')}; worker started`)
  } catch (error) {
    // Billing must not keep the site down: webhooks still store events, and they are processed
    // once the worker is up (it re-queues pending rows when it starts).
    console.error(`[hub] billing worker could not start (${String(error)}); retrying in 10 s`)
    setTimeout(() => void startBilling(), 10_000).unref()
  }
}

function workerOptions() {
  if (!billingPool) throw new Error('DATABASE_URL is not set')
  return {
    cms,
    pool: billingPool,
    config: billingConfig,
    hubPublicUrl: env.LYCEUM_HUB_PUBLIC_URL,
    mailer,
    extraTasks: accountExportTasks({ cms, mailer }),
    refetch:
      billingConfig.stripe || billingConfig.paddle
        ? createRefetch({ stripe, paddle: billingConfig.paddle })
        : null,
  }
}

/** Stops the worker (tests, shutdown). */
export async function stopBilling(): Promise<void> {
  await worker?.stop()
  worker = null
}
