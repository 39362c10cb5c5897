/**
 * `POST /api/webhooks/stripe` and `POST /api/webhooks/paddle`: verify, store, enqueue, answer.
 *
 * 1. The body is read raw, at most `webhookMaxBytes` (larger: 413). Signatures are checked on
 *    these exact bytes with the providers' SDKs: Stripe `webhooks.constructEventAsync` (tolerance
 *    300 s), Paddle `webhooks.unmarshal` (its fixed 5 s window). Missing, forged, tampered or
 *    stale: 400 with the reason, and nothing is written.
 * 2. The verified event is stored in the `billing-events` inbox (keyed by provider + event id)
 *    before we answer. A redelivery answers 200 `{ received: true, duplicate: true }`, and only
 *    re-queues the row when it is still pending (its job may have been lost).
 * 3. A job `lyceum_billing_event` is queued; the answer is 200. No provider API is called here.
 *    If the cms or the queue cannot be reached: 503, and the provider retries.
 *
 * In sandbox mode (no Stripe or Paddle keys) the Stripe endpoint verifies with the sandbox
 * secret and stores the events as provider `sandbox`.
 */
import { normalizePaddleEvent, normalizeStripeEvent } from '@lyceum/billing'
import type { BillingProvider } from '@lyceum/domain'
import { NodeRuntime, Webhooks as PaddleWebhooks } from '@paddle/paddle-node-sdk'
import Stripe from 'stripe'
import type { BillingConfig } from './config.ts'
import type { InboxEventInput, StoredInboxEvent } from './inbox.ts'

/** Stripe's recommended (and default) tolerance for the signed timestamp, in seconds. */
export const STRIPE_TOLERANCE_SECONDS = 300

export type WebhookDeps = {
  config: BillingConfig
  /** Stores a verified event once (see inbox.ts `storeInboxEvent`). */
  store(event: InboxEventInput): Promise<StoredInboxEvent>
  /** Queues the processing of a stored row (see queue.ts `enqueueBillingEvent`). */
  enqueue(row: { inboxId: string; tenantId: string | null }): Promise<void>
  /** Where unexpected failures are reported (default console.error). */
  log?(message: string): void
}

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })

const refuse = (status: number, error: string) => json(status, { error })

class TooLarge extends Error {}

/** Reads the body as UTF-8 text, refusing more than `max` bytes (also without Content-Length). */
async function readLimited(request: Request, max: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > max) throw new TooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      throw new TooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n')[0] ?? '').trim()
}

/** The request handlers of both endpoints. */
export function createWebhookHandlers(deps: WebhookDeps) {
  const log = deps.log ?? ((message: string) => console.error(message))
  // The SDK finds its HMAC implementation through the runtime that `new Paddle()` registers;
  // verifying needs no API key, so register it without a client.
  NodeRuntime.initialize()
  const paddleWebhooks = new PaddleWebhooks()

  async function accept(event: InboxEventInput): Promise<Response> {
    let stored: StoredInboxEvent
    try {
      stored = await deps.store(event)
    } catch (error) {
      log(`[billing] could not store ${event.provider} event ${event.eventId}: ${firstLine(error)}`)
      return refuse(503, 'The event could not be stored; please retry.')
    }
    if (stored.duplicate && stored.outcome !== 'pending') {
      return json(200, { received: true, duplicate: true })
    }
    try {
      await deps.enqueue({ inboxId: stored.id, tenantId: stored.tenantId })
    } catch (error) {
      // Stored but not queued: the provider's retry re-queues it (duplicate of a pending row), and
      // so does the worker's sweep of pending rows.
      log(`[billing] could not queue ${event.provider} event ${event.eventId}: ${firstLine(error)}`)
      return refuse(503, 'The event was stored but could not be queued; please retry.')
    }
    return json(200, { received: true, duplicate: stored.duplicate })
  }

  return {
    /** Stripe (or, in sandbox mode, the sandbox provider's Stripe-shaped events). */
    async stripe(request: Request): Promise<Response> {
      const { stripe, sandbox } = deps.config
      const secret = stripe?.webhookSecret ?? sandbox?.webhookSecret
      if (!secret) return refuse(404, 'Stripe is not configured on this hub.')
      const provider: BillingProvider = stripe ? 'stripe' : 'sandbox'
      let raw: string
      try {
        raw = await readLimited(request, deps.config.webhookMaxBytes)
      } catch (error) {
        if (error instanceof TooLarge) return refuse(413, 'The webhook body is too large.')
        throw error
      }
      const signature = request.headers.get('stripe-signature')
      if (!signature) return refuse(400, 'Missing Stripe-Signature header.')
      let event: Stripe.Event
      try {
        event = await Stripe.webhooks.constructEventAsync(raw, signature, secret, STRIPE_TOLERANCE_SECONDS)
      } catch (error) {
        return refuse(400, `Invalid Stripe signature: ${firstLine(error)}`)
      }
      const payload = JSON.parse(raw) as Record<string, unknown>
      return accept({
        provider,
        eventId: event.id,
        type: event.type,
        occurredAt: new Date(event.created * 1000),
        tenantId: tenantOf(() => normalizeStripeEvent(payload, { provider }).tenantId),
        payload,
      })
    },

    /** Paddle Billing notifications. */
    async paddle(request: Request): Promise<Response> {
      const paddle = deps.config.paddle
      if (!paddle) return refuse(404, 'Paddle is not configured on this hub.')
      let raw: string
      try {
        raw = await readLimited(request, deps.config.webhookMaxBytes)
      } catch (error) {
        if (error instanceof TooLarge) return refuse(413, 'The webhook body is too large.')
        throw error
      }
      const signature = request.headers.get('paddle-signature')
      if (!signature) return refuse(400, 'Missing Paddle-Signature header.')
      let verified: boolean
      try {
        // unmarshal checks the HMAC and the 5 s window, then models the event; a payload the SDK
        // cannot model but whose signature is valid is still ours to store.
        await paddleWebhooks.unmarshal(raw, paddle.webhookSecret, signature)
        verified = true
      } catch {
        verified = await paddleWebhooks
          .isSignatureValid(raw, paddle.webhookSecret, signature)
          .catch(() => false)
      }
      if (!verified) {
        return refuse(
          400,
          'Invalid Paddle signature: forged, tampered, or older than the 5-second window (check the server clock).',
        )
      }
      let payload: Record<string, unknown>
      try {
        payload = JSON.parse(raw) as Record<string, unknown>
      } catch {
        return refuse(400, 'The Paddle event is not JSON.')
      }
      const eventId = payload.event_id
      const type = payload.event_type
      const occurredAt = new Date(String(payload.occurred_at))
      if (
        typeof eventId !== 'string' ||
        !eventId ||
        typeof type !== 'string' ||
        Number.isNaN(occurredAt.getTime())
      ) {
        return refuse(400, 'The Paddle event has no event_id, event_type or occurred_at.')
      }
      return accept({
        provider: 'paddle',
        eventId,
        type,
        occurredAt,
        tenantId: tenantOf(() => normalizePaddleEvent(payload).tenantId),
        payload,
      })
    },
  }
}

/** The tenant id an event names, or null when it names none or cannot be read (the job reports that). */
function tenantOf(read: () => string | null): string | null {
  try {
    return read()
  } catch {
    return null
  }
}
