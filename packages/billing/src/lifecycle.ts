import type { SubscriptionStatus } from '@lyceum/domain'
import type { BillingPolicy, LifecycleAction, LifecycleRequest, SubscriptionState } from './types.ts'

/** Default timing: 7 days of grace for `past_due`, 30 days of retention after `canceled`. */
export const DEFAULT_BILLING_POLICY: Readonly<BillingPolicy> = Object.freeze({
  gracePeriodDays: 7,
  retentionDays: 30,
})

/** Statuses in which the tenant serves its school normally. */
export const LIVE_STATUSES: ReadonlySet<SubscriptionStatus> = new Set<SubscriptionStatus>([
  'trialing',
  'active',
])

/** Statuses that mean "never went live": nothing has been provisioned for this subscription. */
const NOT_STARTED: ReadonlySet<SubscriptionStatus | null> = new Set<SubscriptionStatus | null>([
  null,
  'incomplete',
])

const DAY_MS = 86_400_000

/**
 * The tenant lifecycle actions one subscription status change calls for. Source of truth for the
 * billing → provisioning contract; `applyBillingEvent` calls it on every status change and never
 * otherwise, so a change yields exactly one set of requests and a re-delivered event yields none.
 *
 * | to \ from            | null, incomplete                 | trialing, active | past_due, paused, unpaid, canceled |
 * |----------------------|----------------------------------|------------------|------------------------------------|
 * | trialing, active     | provision                        | —                | resume                             |
 * | past_due             | provision, suspend@grace         | suspend@grace    | suspend@grace                      |
 * | paused, unpaid       | suspend                          | suspend          | suspend                            |
 * | canceled             | suspend, deprovision@retention   | same             | same                               |
 * | incomplete           | —                                | —                | —                                  |
 *
 * (`x@grace` runs at `now + gracePeriodDays`, `x@retention` at `now + retentionDays`; the rest at `now`.
 * Staying in the same status yields nothing.)
 *
 * Contract for the caller and the provisioner, which keeps these requests safe in any order:
 * - Deferred requests (`runAt` > now) are void once the subscription leaves `forStatus`: on every
 *   status change the caller cancels the tenant's pending deferred requests, and when one fires the
 *   provisioner re-checks with {@link isLifecycleRequestCurrent}. So a `past_due` tenant that pays
 *   within the grace period is never suspended, and a re-subscribed tenant is never deprovisioned.
 * - `resume` on a running tenant is a no-op; on a never-provisioned tenant it provisions; on a
 *   deprovisioned one it reprovisions. `provision` on an existing tenant resumes it.
 * - `suspend` / `deprovision` on a tenant that was never provisioned only record the status.
 * - `past_due` entered without the tenant ever having run (events lost or reordered) provisions it so
 *   the school gets its grace period; from `paused`/`unpaid`/`canceled` the tenant stays suspended
 *   (the deferred suspend is then a no-op) until a payment makes the subscription live again.
 *
 * @param from the status before the event, `null` when the tenant had no subscription state.
 * @param to the status after the event.
 * @param now when the decision is taken; immediate requests run at `now`.
 * @param cause prefix for each request's `reason` (provider, subscription and event ids).
 * @returns requests in the order to submit them; empty when `from === to` or nothing is due.
 */
export function lifecycleForStatusChange(
  from: SubscriptionStatus | null,
  to: SubscriptionStatus,
  now: Date,
  policy: BillingPolicy,
  cause: string,
): LifecycleRequest[] {
  if (from === to) return []
  const transition = `${cause}: ${from ?? 'none'} → ${to}`
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS)
  const request = (action: LifecycleAction, runAt: Date, why: string): LifecycleRequest => ({
    action,
    runAt,
    forStatus: to,
    reason: `${transition}; ${why}`,
  })
  const graceSuspend = () =>
    request(
      'suspend',
      at(policy.gracePeriodDays),
      `suspend after the ${policy.gracePeriodDays}-day grace period`,
    )

  switch (to) {
    case 'trialing':
    case 'active':
      if (NOT_STARTED.has(from)) return [request('provision', now, 'provision the tenant')]
      if (from !== null && LIVE_STATUSES.has(from)) return []
      return [request('resume', now, 'resume the tenant')]
    case 'past_due':
      if (NOT_STARTED.has(from)) {
        return [request('provision', now, 'provision for the grace period'), graceSuspend()]
      }
      return [graceSuspend()]
    case 'paused':
    case 'unpaid':
      return [request('suspend', now, 'suspend the tenant')]
    case 'canceled':
      return [
        request('suspend', now, 'suspend the tenant'),
        request(
          'deprovision',
          at(policy.retentionDays),
          `deprovision after the ${policy.retentionDays}-day retention period`,
        ),
      ]
    case 'incomplete':
      return []
  }
}

/**
 * Whether a lifecycle request still applies to the tenant's subscription: true when the stored
 * status is still the one that called for it (`request.forStatus`). The provisioner calls this when a
 * deferred request (`suspend@grace`, `deprovision@retention`) comes due, reading the current state
 * from the cms `subscriptions` collection, and skips the request when it returns false.
 */
export function isLifecycleRequestCurrent(
  request: LifecycleRequest,
  state: SubscriptionState | null,
): boolean {
  return state !== null && state.status === request.forStatus
}

/**
 * Checks a policy: both periods are finite, non-negative numbers of days.
 * @throws RangeError naming the bad field.
 */
export function assertBillingPolicy(policy: BillingPolicy): void {
  for (const key of ['gracePeriodDays', 'retentionDays'] as const) {
    const value = policy[key]
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`billing policy ${key} must be a finite number of days >= 0, got ${value}`)
    }
  }
}
