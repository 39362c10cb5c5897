/**
 * "When a provider key is configured, fetch the current object": before applying an event, the
 * billing job reads the subscription as the provider holds it now and applies that instead, so a
 * late or reordered event can only ever bring the newest state. Stripe through its SDK
 * (`subscriptions.retrieve`); Paddle with a plain `GET /subscriptions/{id}`, because the Paddle SDK
 * returns camel-cased entities while the state machine reads Paddle's own JSON.
 */
import { type NormalizedBillingEvent, normalizePaddleEvent, normalizeStripeEvent } from '@lyceum/billing'
import type Stripe from 'stripe'
import type { PaddleConfig } from './config.ts'
import type { Refetch } from './processor.ts'

const PADDLE_BASE_URLS: Record<string, string> = {
  production: 'https://api.paddle.com',
  sandbox: 'https://sandbox-api.paddle.com',
}

/** The Paddle API origin for `PADDLE_ENVIRONMENT` (`sandbox`, `production` or a URL). */
export const paddleBaseUrl = (environment: string) =>
  (PADDLE_BASE_URLS[environment] ?? environment).replace(/\/+$/, '')

/**
 * A refetcher for the configured providers; events of other providers (the sandbox) are kept as
 * they are. Returns null for an event without a subscription id.
 * @throws on provider API errors (the job is retried).
 */
export function createRefetch(providers: { stripe: Stripe | null; paddle: PaddleConfig | null }): Refetch {
  return async (event: NormalizedBillingEvent) => {
    if (!event.subscriptionId) return null
    if (event.provider === 'stripe' && providers.stripe) {
      const subscription = await providers.stripe.subscriptions.retrieve(event.subscriptionId)
      return normalizeStripeEvent(
        {
          id: event.eventId,
          object: 'event',
          type: 'customer.subscription.updated',
          created: Math.floor(event.occurredAt.getTime() / 1000),
          data: { object: subscription },
        },
        { provider: 'stripe' },
      )
    }
    if (event.provider === 'paddle' && providers.paddle) {
      const { apiKey, environment } = providers.paddle
      const response = await fetch(
        `${paddleBaseUrl(environment)}/subscriptions/${encodeURIComponent(event.subscriptionId)}`,
        { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' } },
      )
      if (!response.ok) throw new Error(`Paddle GET /subscriptions answered ${response.status}`)
      const body = (await response.json()) as { data?: unknown }
      return normalizePaddleEvent({
        event_id: event.eventId,
        event_type: 'subscription.updated',
        occurred_at: event.occurredAt.toISOString(),
        data: body.data,
      })
    }
    return null
  }
}
