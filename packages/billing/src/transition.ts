import type { SubscriptionStatus } from '@lyceum/domain'
import {
  assertBillingPolicy,
  DEFAULT_BILLING_POLICY,
  LIVE_STATUSES,
  lifecycleForStatusChange,
} from './lifecycle.ts'
import type {
  BillingPolicy,
  Decision,
  DecisionOutcome,
  NormalizedBillingEvent,
  SubscriptionChange,
  SubscriptionState,
} from './types.ts'

type Snapshot = Extract<SubscriptionChange, { kind: 'snapshot' }>
type Hint = Extract<
  SubscriptionChange,
  { kind: 'checkout_completed' | 'payment_succeeded' | 'payment_failed' }
>

/**
 * Tie-break rank for two snapshots of one subscription with the same version: the higher rank wins.
 * It follows the direction subscriptions move in within one second (incomplete → trialing → active →
 * past_due → paused/unpaid → canceled), so the later state of a burst wins; `canceled` is terminal.
 */
export const STATUS_PRECEDENCE: Readonly<Record<SubscriptionStatus, number>> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  paused: 4,
  unpaid: 5,
  canceled: 6,
}

/** How much earlier than its timestamp a hint (checkout, payment) is ranked: below any snapshot of the same instant. */
export const HINT_OFFSET_MS = 1

/**
 * The version of an event: `objectUpdatedAt` when the provider sends it (Paddle `data.updated_at`),
 * else `occurredAt` (Stripe `created`, whole seconds); 1 ms earlier for hints (`checkout_completed`,
 * `payment_succeeded`, `payment_failed`), so that a subscription snapshot with the same timestamp
 * outranks a hint without the stored state having to remember what kind of event produced it.
 */
export function eventVersion(event: NormalizedBillingEvent): Date {
  const at = (event.objectUpdatedAt ?? event.occurredAt).getTime()
  return new Date(isHint(event.change) ? at - HINT_OFFSET_MS : at)
}

/**
 * Applies one normalised provider event to a tenant's subscription state. Pure: the caller loads
 * `current`, stores `decision.next` and submits `decision.lifecycle`, in one transaction with the
 * inbox row, and should process one tenant's events one at a time.
 *
 * **Ordering.** Every event has a version ({@link eventVersion}); the state keeps the version of the
 * last applied event in `lastEventAt`. An event older than that is `stale` and changes nothing, so
 * out-of-order and re-delivered events never move the state backwards. A snapshot (the full
 * subscription object) replaces the state when newer. On a version tie between snapshots, the status
 * with the higher {@link STATUS_PRECEDENCE} wins (`canceled` beats everything); equal statuses merge
 * field by field (later period and trial ends, `cancelAtPeriodEnd` if either says so, the greater
 * price id), which is commutative. So whenever the newest event of a subscription is a snapshot, the
 * final state does not depend on delivery order; Stripe and Paddle send a subscription event with
 * every status change, so the hub must subscribe to `customer.subscription.*` / `subscription.*`.
 * Hints rank 1 ms below snapshots of the same instant and only ever act when strictly newer than
 * the state (a hint with the newest timestamp of all can therefore land on an older state):
 * - `payment_failed` turns `active`/`trialing` into `past_due`;
 * - `payment_succeeded` turns `past_due`/`unpaid` into `active` (period end = the later of both);
 * - `checkout_completed` never changes an existing state (a snapshot of the subscription follows,
 *   and a checkout cannot tell a trial from a paid start);
 * - with no state yet, any hint creates a placeholder: status `incomplete`, ids recorded,
 *   `lastEventAt` null, so the snapshot that follows always applies whatever its timestamp.
 * Hints that would change nothing are `unchanged` and do not advance the version.
 *
 * **Another subscription** (a different subscription id or provider than `current`, e.g. a tenant
 * that re-subscribed after cancelling): hints about it are `ignored`. Its snapshot takes over only if
 * it is newer than `current.lastEventAt`, not `incomplete`, and either live (trialing/active) or the
 * current subscription is `canceled`. So a paying tenant is never suspended by a second, abandoned
 * subscription, and the old subscription's late events are `stale` or `ignored` after a take-over.
 *
 * **Lifecycle.** Only a status change requests actions, exactly those of
 * {@link lifecycleForStatusChange}(current status, next status); see there for the table.
 *
 * @param current the stored state of the tenant's subscription, `null` if none yet.
 * @param event an event from `normalizeStripeEvent` / `normalizePaddleEvent`.
 * @param now the processing time; immediate lifecycle requests run at `now`, deferred ones after it.
 * @param policy grace and retention periods in days (default {@link DEFAULT_BILLING_POLICY}).
 * @returns the decision; `next` is `current` itself unless the outcome is `applied`.
 * @throws RangeError if `now` is an invalid date or the policy has a negative or non-finite period.
 */
export function applyBillingEvent(
  current: SubscriptionState | null,
  event: NormalizedBillingEvent,
  now: Date,
  policy: BillingPolicy = DEFAULT_BILLING_POLICY,
): Decision {
  if (Number.isNaN(now.getTime())) throw new RangeError('applyBillingEvent: now is an invalid date')
  assertBillingPolicy(policy)
  const change = event.change
  if (change.kind === 'ignored') return keep(current, 'ignored', change.reason)
  if (event.subscriptionId === null) return keep(current, 'ignored', 'the event names no subscription')

  const version = eventVersion(event)
  const result =
    change.kind === 'snapshot'
      ? applySnapshot(current, event, change, version)
      : applyHint(current, event, change, version)
  if (result.outcome !== 'applied') return keep(current, result.outcome, result.reason)

  const next = result.next
  const from = current?.status ?? null
  const statusChanged = from !== next.status
  const cause = `${event.provider} subscription ${next.subscriptionId ?? '?'} (event ${event.eventId})`
  return {
    outcome: 'applied',
    next,
    statusChanged,
    lifecycle: statusChanged ? lifecycleForStatusChange(from, next.status, now, policy, cause) : [],
    reason: result.reason,
  }
}

type StepResult =
  | { outcome: 'applied'; next: SubscriptionState; reason: string }
  | { outcome: Exclude<DecisionOutcome, 'applied'>; reason: string }

function applySnapshot(
  current: SubscriptionState | null,
  event: NormalizedBillingEvent,
  snapshot: Snapshot,
  version: Date,
): StepResult {
  const replacement = (): SubscriptionState => ({
    provider: event.provider,
    customerId: event.customerId ?? current?.customerId ?? null,
    subscriptionId: event.subscriptionId,
    status: snapshot.status,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    trialEnd: snapshot.trialEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    lastEventAt: version,
    planPriceId: snapshot.planPriceId,
  })
  if (current === null) return applied(replacement(), 'first state of this subscription')

  const last = current.lastEventAt
  if (!isSameSubscription(current, event)) {
    if (last !== null && version.getTime() <= last.getTime()) {
      return { outcome: 'stale', reason: 'another subscription, not newer than the current one' }
    }
    if (snapshot.status === 'incomplete') {
      return { outcome: 'ignored', reason: 'another subscription that has not started yet' }
    }
    if (!LIVE_STATUSES.has(snapshot.status) && current.status !== 'canceled') {
      return {
        outcome: 'ignored',
        reason: `another subscription in ${snapshot.status} does not replace the current ${current.status} one`,
      }
    }
    return applied(replacement(), `subscription ${event.subscriptionId} replaces ${current.subscriptionId}`)
  }

  if (last === null) return applied(replacement(), 'first snapshot after hints')
  if (version.getTime() < last.getTime()) return { outcome: 'stale', reason: 'older than the stored state' }
  if (version.getTime() > last.getTime()) return applied(replacement(), 'newer snapshot')

  const rankNew = STATUS_PRECEDENCE[snapshot.status]
  const rankOld = STATUS_PRECEDENCE[current.status]
  if (rankNew > rankOld) {
    return applied(replacement(), `same-time tie: ${snapshot.status} outranks ${current.status}`)
  }
  if (rankNew < rankOld) {
    return { outcome: 'stale', reason: `same-time tie: ${current.status} outranks ${snapshot.status}` }
  }
  const merged: SubscriptionState = {
    ...current,
    customerId: current.customerId ?? event.customerId,
    currentPeriodEnd: laterOf(current.currentPeriodEnd, snapshot.currentPeriodEnd),
    trialEnd: laterOf(current.trialEnd, snapshot.trialEnd),
    cancelAtPeriodEnd: current.cancelAtPeriodEnd || snapshot.cancelAtPeriodEnd,
    planPriceId: greaterOf(current.planPriceId, snapshot.planPriceId),
  }
  return sameState(current, merged)
    ? { outcome: 'unchanged', reason: 'same-time snapshot with nothing new' }
    : applied(merged, 'same-time snapshots with the same status merged')
}

function applyHint(
  current: SubscriptionState | null,
  event: NormalizedBillingEvent,
  hint: Hint,
  version: Date,
): StepResult {
  if (current === null) {
    return applied(
      {
        provider: event.provider,
        customerId: event.customerId,
        subscriptionId: event.subscriptionId,
        status: 'incomplete',
        currentPeriodEnd: null,
        trialEnd: null,
        cancelAtPeriodEnd: false,
        lastEventAt: null,
        planPriceId: null,
      },
      `placeholder from ${hint.kind}; the subscription snapshot sets the status`,
    )
  }
  if (!isSameSubscription(current, event)) {
    return { outcome: 'ignored', reason: 'hint about another subscription' }
  }

  const last = current.lastEventAt
  if (last === null) {
    if (current.customerId === null && event.customerId !== null) {
      return applied(
        { ...current, customerId: event.customerId },
        'placeholder completed with the customer id',
      )
    }
    return { outcome: 'unchanged', reason: 'no snapshot yet; hints do not set a status' }
  }
  if (version.getTime() <= last.getTime()) {
    return { outcome: 'stale', reason: 'not newer than the stored state' }
  }

  switch (hint.kind) {
    case 'checkout_completed':
      return { outcome: 'unchanged', reason: 'checkout does not change an existing subscription' }
    case 'payment_failed':
      if (LIVE_STATUSES.has(current.status)) {
        return applied({ ...current, status: 'past_due', lastEventAt: version }, 'payment failed')
      }
      return { outcome: 'unchanged', reason: `payment failure does not change ${current.status}` }
    case 'payment_succeeded':
      if (current.status === 'past_due' || current.status === 'unpaid') {
        return applied(
          {
            ...current,
            status: 'active',
            currentPeriodEnd: laterOf(current.currentPeriodEnd, hint.periodEnd),
            lastEventAt: version,
          },
          'payment succeeded',
        )
      }
      return { outcome: 'unchanged', reason: `payment does not change ${current.status}` }
  }
}

function isHint(change: SubscriptionChange): boolean {
  return (
    change.kind === 'checkout_completed' ||
    change.kind === 'payment_succeeded' ||
    change.kind === 'payment_failed'
  )
}

function isSameSubscription(current: SubscriptionState, event: NormalizedBillingEvent): boolean {
  return (
    current.provider === event.provider &&
    (current.subscriptionId === null || current.subscriptionId === event.subscriptionId)
  )
}

function applied(next: SubscriptionState, reason: string): StepResult {
  return { outcome: 'applied', next, reason }
}

function keep(current: SubscriptionState | null, outcome: DecisionOutcome, reason: string): Decision {
  return { outcome, next: current, statusChanged: false, lifecycle: [], reason }
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b
  if (b === null) return a
  return b.getTime() > a.getTime() ? b : a
}

function greaterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return b > a ? b : a
}

function time(date: Date | null): number | null {
  return date === null ? null : date.getTime()
}

/** Field-by-field equality of two states (dates by instant). */
export function sameState(a: SubscriptionState, b: SubscriptionState): boolean {
  return (
    a.provider === b.provider &&
    a.customerId === b.customerId &&
    a.subscriptionId === b.subscriptionId &&
    a.status === b.status &&
    time(a.currentPeriodEnd) === time(b.currentPeriodEnd) &&
    time(a.trialEnd) === time(b.trialEnd) &&
    a.cancelAtPeriodEnd === b.cancelAtPeriodEnd &&
    time(a.lastEventAt) === time(b.lastEventAt) &&
    a.planPriceId === b.planPriceId
  )
}
