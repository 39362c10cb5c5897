import type { BillingProvider, ProvisioningAction, SubscriptionStatus } from '@lyceum/domain'

/**
 * What one provider event tells us about a subscription, in provider-neutral terms.
 *
 * - `snapshot`: the event carries the whole subscription object (Stripe `customer.subscription.*`,
 *   Paddle `subscription.*`). It is authoritative for every field below.
 * - `checkout_completed`, `payment_succeeded`, `payment_failed`: *hints*. The event is about a
 *   checkout session, an invoice or a transaction, not the subscription itself; it names the
 *   subscription but does not carry its status.
 * - `ignored`: an event type this package does not act on (not an error).
 */
export type SubscriptionChange =
  | {
      kind: 'snapshot'
      status: SubscriptionStatus
      /** End of the paid (or trial) period the subscription is in; null when the provider has none (paused, canceled). */
      currentPeriodEnd: Date | null
      trialEnd: Date | null
      /** The customer asked to cancel; the subscription ends at `currentPeriodEnd`. */
      cancelAtPeriodEnd: boolean
      /** Provider price id of the first subscription item (Stripe `price_…`, Paddle `pri_…`). */
      planPriceId: string | null
    }
  | { kind: 'checkout_completed' }
  | {
      kind: 'payment_succeeded'
      /** End of the period the payment covers (Stripe: latest invoice line period end; Paddle: `billing_period.ends_at`). */
      periodEnd: Date | null
    }
  | { kind: 'payment_failed' }
  | { kind: 'ignored'; reason: string }

/** A kind of {@link SubscriptionChange}. */
export type SubscriptionChangeKind = SubscriptionChange['kind']

/** One verified provider webhook event, parsed into the fields the state machine uses. */
export type NormalizedBillingEvent = {
  provider: BillingProvider
  /** Provider event id (Stripe and Paddle both use `evt_…`); the inbox deduplicates on it. */
  eventId: string
  /** The provider's own event type string, e.g. `customer.subscription.updated`. */
  type: string
  /** When the provider says the event happened (Stripe `created`, Paddle `occurred_at`). */
  occurredAt: Date
  /** Our tenant id, from Stripe `metadata.tenant_id` / `client_reference_id` or Paddle `custom_data.tenant_id`. */
  tenantId: string | null
  /** Provider customer id (`cus_…` / `ctm_…`). */
  customerId: string | null
  /** Provider subscription id (`sub_…`). Always set for snapshots and hints. */
  subscriptionId: string | null
  /** The object's own `updated_at` when the provider sends one (Paddle); null for Stripe. */
  objectUpdatedAt: Date | null
  change: SubscriptionChange
}

/** The provider-neutral subscription of one tenant, as the cms `subscriptions` collection stores it. */
export type SubscriptionState = {
  provider: BillingProvider
  customerId: string | null
  subscriptionId: string | null
  status: SubscriptionStatus
  currentPeriodEnd: Date | null
  trialEnd: Date | null
  cancelAtPeriodEnd: boolean
  /**
   * Version of the last applied event (see `eventVersion`): its provider timestamp, 1 ms earlier
   * for hints. `null` while the state is only a placeholder built from hints (no snapshot seen yet).
   */
  lastEventAt: Date | null
  planPriceId: string | null
}

/** The provisioning actions a billing change may ask for (`reprovision` is an operator action). */
export type LifecycleAction = Extract<ProvisioningAction, 'provision' | 'resume' | 'suspend' | 'deprovision'>

/** One tenant lifecycle action the caller should request from the provisioner. */
export type LifecycleRequest = {
  action: LifecycleAction
  /** When to run it: `now`, or `now` + grace period / retention period for deferred actions. */
  runAt: Date
  /** The subscription status that called for this request; a deferred request is void once the status differs. */
  forStatus: SubscriptionStatus
  /** Human-readable cause, with provider, subscription and event ids, for logs and the provisioning run. */
  reason: string
}

/** How an event was handled. The inbox stores `applied`, `stale` and `ignored`; `unchanged` is a processed no-op. */
export type DecisionOutcome = 'applied' | 'stale' | 'ignored' | 'unchanged'

/** Result of {@link applyBillingEvent}: what to store and which lifecycle actions to request. */
export type Decision = {
  outcome: DecisionOutcome
  /** The state to store. The same object as `current` unless `outcome` is `applied`. */
  next: SubscriptionState | null
  /** `next.status` differs from `current.status` (a first state counts as a change). */
  statusChanged: boolean
  /** Actions to request, in order. Non-empty only when `statusChanged`; may be empty even then. */
  lifecycle: LifecycleRequest[]
  /** Why, in one sentence, for the inbox record. */
  reason: string
}

/** Timing rules for lifecycle actions. */
export type BillingPolicy = {
  /** Days a `past_due` tenant keeps running before it is suspended. */
  gracePeriodDays: number
  /** Days a `canceled` tenant's data is kept (suspended) before it is deprovisioned. */
  retentionDays: number
}
