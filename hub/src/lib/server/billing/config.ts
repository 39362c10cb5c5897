import { randomBytes } from 'node:crypto'
import type { BillingPolicy } from '@lyceum/billing'
import type { HubEnv } from '../env-schema.ts'

/** Stripe, when `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET` are set. */
export type StripeConfig = { secretKey: string; webhookSecret: string }
/** Paddle Billing, when `PADDLE_API_KEY` and `PADDLE_WEBHOOK_SECRET` are set. */
export type PaddleConfig = {
  apiKey: string
  webhookSecret: string
  /** `sandbox`, `production`, or the base URL of a Paddle-compatible API (tests). */
  environment: string
}
/** The sandbox provider: Stripe-shaped events signed with this secret, sent to our own endpoint. */
export type SandboxConfig = { webhookSecret: string }

/**
 * Which payment providers the hub offers and how billing events are timed. Source of truth: the
 * hub environment (env-schema.ts). The sandbox runs when `LYCEUM_BILLING_SANDBOX` is `on`, or
 * when it is `auto` and neither Stripe nor Paddle is configured (env-schema.ts only lets `auto`
 * through without a provider on a `localhost` root domain).
 */
export type BillingConfig = {
  stripe: StripeConfig | null
  paddle: PaddleConfig | null
  sandbox: SandboxConfig | null
  policy: BillingPolicy
  /** Largest webhook body we read, in bytes (larger: 413). */
  webhookMaxBytes: number
}

/** Webhook payloads from Stripe and Paddle are a few KiB; 256 KiB leaves a wide margin. */
export const WEBHOOK_MAX_BYTES = 256 * 1024

/**
 * The billing configuration from the parsed hub environment. The sandbox's webhook secret, when
 * not set, is random for this process (the hub both signs and verifies sandbox events).
 */
export function billingConfigFromEnv(env: HubEnv): BillingConfig {
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET }
      : null
  const paddle =
    env.PADDLE_API_KEY && env.PADDLE_WEBHOOK_SECRET
      ? {
          apiKey: env.PADDLE_API_KEY,
          webhookSecret: env.PADDLE_WEBHOOK_SECRET,
          environment: env.PADDLE_ENVIRONMENT,
        }
      : null
  const sandboxOn =
    env.LYCEUM_BILLING_SANDBOX === 'on' || (env.LYCEUM_BILLING_SANDBOX === 'auto' && !stripe && !paddle)
  const sandbox = !sandboxOn
    ? null
    : {
        webhookSecret:
          env.LYCEUM_SANDBOX_WEBHOOK_SECRET ?? `whsec_sandbox_${randomBytes(24).toString('hex')}`,
      }
  return {
    stripe,
    paddle,
    sandbox,
    policy: {
      gracePeriodDays: env.LYCEUM_BILLING_GRACE_DAYS,
      retentionDays: env.LYCEUM_BILLING_RETENTION_DAYS,
    },
    webhookMaxBytes: WEBHOOK_MAX_BYTES,
  }
}
