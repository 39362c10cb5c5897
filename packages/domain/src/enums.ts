/** Lifecycle of a school (tenant). Written only by the provisioner and super-admins. */
export const TENANT_STATUSES = [
  'pending',
  'provisioning',
  'active',
  'suspended',
  'deprovisioned',
  'failed',
] as const
export type TenantStatus = (typeof TENANT_STATUSES)[number]

/** A member's role inside one tenant. A user may hold a different role in each tenant. */
export const MEMBER_ROLES = ['admin', 'instructor', 'learner'] as const
export type MemberRole = (typeof MEMBER_ROLES)[number]

/** A role across the whole platform. `null` (no platform role) is the normal case. */
export const PLATFORM_ROLES = ['super-admin'] as const
export type PlatformRole = (typeof PLATFORM_ROLES)[number]

/** Locales a school (and the hub) can be served in. */
export const LOCALES = ['en', 'fr'] as const
export type Locale = (typeof LOCALES)[number]

export const BILLING_PROVIDERS = ['stripe', 'paddle', 'sandbox'] as const
export type BillingProvider = (typeof BILLING_PROVIDERS)[number]

export const BILLING_INTERVALS = ['month', 'year'] as const
export type BillingInterval = (typeof BILLING_INTERVALS)[number]

/** The provider-neutral subscription status (Stripe's vocabulary; Paddle's maps onto it). */
export const SUBSCRIPTION_STATUSES = [
  'trialing',
  'active',
  'past_due',
  'paused',
  'canceled',
  'unpaid',
  'incomplete',
] as const
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** What a provisioning run does to a tenant's resources. */
export const PROVISIONING_ACTIONS = ['provision', 'suspend', 'resume', 'deprovision', 'reprovision'] as const
export type ProvisioningAction = (typeof PROVISIONING_ACTIONS)[number]

export const PROVISIONING_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const
export type ProvisioningRunStatus = (typeof PROVISIONING_RUN_STATUSES)[number]

/** Outcome of processing one webhook event from the billing inbox. */
export const BILLING_EVENT_OUTCOMES = [
  'pending',
  'applied',
  'unchanged',
  'ignored',
  'stale',
  'failed',
] as const
export type BillingEventOutcome = (typeof BILLING_EVENT_OUTCOMES)[number]

/** Kinds of service credential. A tenant key is scoped to one tenant; the platform key is not. */
export const SERVICE_KEY_KINDS = ['tenant', 'platform'] as const
export type ServiceKeyKind = (typeof SERVICE_KEY_KINDS)[number]

/** What a member can report a lesson or a media file for (moderation). */
export const REPORT_REASONS = ['inappropriate', 'spam', 'copyright', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]

/** What a report is about. */
export const REPORT_ITEM_TYPES = ['lesson', 'media'] as const
export type ReportItemType = (typeof REPORT_ITEM_TYPES)[number]

/** A report's state: open until a super-admin decides it, then the decision taken. */
export const REPORT_STATUSES = ['open', 'dismissed', 'unpublished', 'tenant_suspended'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

/** The longest comment a reporter may add, in characters. */
export const REPORT_COMMENT_MAX = 1000
