/**
 * @lyceum/billing: one provider-neutral subscription state machine for Stripe, Paddle Billing and
 * the hub's Stripe-shaped sandbox. Pure: no I/O, no clock (the caller passes `now`).
 *
 * Flow: the hub verifies and stores each webhook in the inbox → a job calls `normalizeStripeEvent` /
 * `normalizePaddleEvent` → `applyBillingEvent(current, event, now, policy)` → the job stores
 * `decision.next` and requests `decision.lifecycle` from the provisioner.
 */
export { BillingEventError, type BillingEventErrorCode } from './errors.ts'
export {
  assertBillingPolicy,
  DEFAULT_BILLING_POLICY,
  isLifecycleRequestCurrent,
  LIVE_STATUSES,
  lifecycleForStatusChange,
} from './lifecycle.ts'
export {
  normalizePaddleEvent,
  PADDLE_EVENT_TYPES,
  PADDLE_STATUS_MAP,
  type PaddleEventType,
} from './paddle.ts'
export {
  normalizeStripeEvent,
  STRIPE_EVENT_TYPES,
  STRIPE_STATUS_MAP,
  type StripeEventType,
  type StripeShapedProvider,
} from './stripe.ts'
export {
  buildStripeCheckoutCompletedEvent,
  buildStripeInvoiceEvent,
  buildStripeSubscriptionEvent,
  DEFAULT_STRIPE_API_VERSION,
  type StripeCheckoutCompletedEventInput,
  type StripeEventJson,
  type StripeInvoiceEventInput,
  type StripeSubscriptionEventInput,
  type StripeSubscriptionStatus,
} from './stripe-builders.ts'
export { applyBillingEvent, eventVersion, HINT_OFFSET_MS, STATUS_PRECEDENCE } from './transition.ts'
export type {
  BillingPolicy,
  Decision,
  DecisionOutcome,
  LifecycleAction,
  LifecycleRequest,
  NormalizedBillingEvent,
  SubscriptionChange,
  SubscriptionChangeKind,
  SubscriptionState,
} from './types.ts'
