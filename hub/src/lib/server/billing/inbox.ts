/**
 * The webhook inbox: the cms `billing-events` collection, reached with the platform key. One row
 * per verified provider event, unique on (provider, eventId); `outcome` is `pending` until the
 * billing job has processed it (see processor.ts).
 */

import type { BillingEvent, CmsClient } from '@lyceum/cms-client'
import { idOf } from '@lyceum/cms-client'
import type { BillingEventOutcome, BillingProvider } from '@lyceum/domain'

/** A verified event, as the webhook endpoint stores it. */
export type InboxEventInput = {
  provider: BillingProvider
  /** Stripe `id` (`evt_…`), Paddle `event_id`. */
  eventId: string
  type: string
  occurredAt: Date
  /** Our tenant id from the event's metadata, when it names an existing school. */
  tenantId: string | null
  /** The raw, verified event as JSON. */
  payload: Record<string, unknown>
}

/** What {@link storeInboxEvent} did. */
export type StoredInboxEvent = {
  id: string
  /** The event was already in the inbox (a redelivery). */
  duplicate: boolean
  outcome: BillingEventOutcome
  tenantId: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Finds the inbox row of (provider, eventId), or null. */
export async function findInboxEvent(
  cms: CmsClient,
  provider: BillingProvider,
  eventId: string,
): Promise<BillingEvent | null> {
  const { docs } = await cms.find('billing-events', {
    where: { and: [{ provider: { equals: provider } }, { eventId: { equals: eventId } }] },
    limit: 1,
  })
  return docs[0] ?? null
}

/**
 * Stores a verified event once. A redelivery (same provider and event id, also when two
 * deliveries race) returns the existing row with `duplicate: true` and changes nothing. A tenant
 * id that names no school is dropped (the job resolves the school from the subscription).
 *
 * @throws CmsError when the cms cannot store it (the endpoint then answers 503 and the provider retries).
 */
export async function storeInboxEvent(cms: CmsClient, input: InboxEventInput): Promise<StoredInboxEvent> {
  const data = {
    provider: input.provider,
    eventId: input.eventId,
    type: input.type,
    occurredAt: input.occurredAt.toISOString(),
    payload: input.payload,
    outcome: 'pending' as const,
  }
  const tenant = await existingTenant(cms, input.tenantId)
  try {
    // Create first: a redelivery is the exception, so the usual path is one cms request.
    return fromDoc(await cms.create('billing-events', tenant ? { ...data, tenant } : data), false)
  } catch (error) {
    // Already there (a redelivery, or a concurrent delivery that won the race): the unique index
    // refused ours (the cms reports a compound-index clash as a server error, not a field error).
    const existing = await findInboxEvent(cms, input.provider, input.eventId)
    if (existing) return fromDoc(existing, true)
    if (!tenant) throw error
    // The school was deleted since we saw it: store the event without it.
    knownTenants.delete(tenant)
    return fromDoc(await cms.create('billing-events', data), false)
  }
}

/** Schools seen to exist (ids are never reused); bounded, so a flood of ids cannot grow it. */
const knownTenants = new Set<string>()
const KNOWN_TENANTS_MAX = 10_000

/** `tenantId` when it names an existing school (a relationship to a missing one is refused). */
async function existingTenant(cms: CmsClient, tenantId: string | null): Promise<string | null> {
  if (!tenantId || !UUID.test(tenantId)) return null
  if (knownTenants.has(tenantId)) return tenantId
  const tenant = await cms.findByID('tenants', tenantId, { depth: 0, select: { slug: true } })
  if (!tenant) return null
  if (knownTenants.size >= KNOWN_TENANTS_MAX) knownTenants.clear()
  knownTenants.add(tenant.id)
  return tenant.id
}

function fromDoc(doc: BillingEvent, duplicate: boolean): StoredInboxEvent {
  return { id: doc.id, duplicate, outcome: doc.outcome, tenantId: idOf(doc.tenant) }
}

/** Inbox rows still `pending`, oldest first (at most `limit`), e.g. to re-enqueue after a crash. */
export async function pendingInboxEvents(
  cms: CmsClient,
  options: { olderThan?: Date; limit?: number } = {},
): Promise<Array<{ id: string; tenantId: string | null }>> {
  const where = options.olderThan
    ? {
        and: [
          { outcome: { equals: 'pending' } },
          { createdAt: { less_than: options.olderThan.toISOString() } },
        ],
      }
    : { outcome: { equals: 'pending' } }
  const { docs } = await cms.find('billing-events', {
    where,
    sort: 'createdAt',
    limit: options.limit ?? 1000,
    select: { tenant: true },
  })
  return docs.map((doc) => ({ id: doc.id, tenantId: idOf(doc.tenant) }))
}

/** Records how an event was handled. */
export async function markInboxEvent(
  cms: CmsClient,
  id: string,
  result: { outcome: BillingEventOutcome; tenantId?: string | null; error?: string | null },
): Promise<void> {
  await cms.update('billing-events', id, {
    outcome: result.outcome,
    processedAt: new Date().toISOString(),
    error: result.error ?? null,
    ...(result.tenantId ? { tenant: result.tenantId } : {}),
  })
}
