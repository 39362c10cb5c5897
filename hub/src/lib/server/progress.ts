import type { ProvisioningRun, Subscription, Tenant } from '@lyceum/cms-client'
import type { SubscriptionStatus } from '@lyceum/domain'
import type { StepName } from '@lyceum/provisioner/engine'

/**
 * Where a new school stands, as the progress page after checkout shows it:
 * - `awaiting-payment`: no live subscription yet (checkout not finished, or declined);
 * - `queued`: paid, the provisioner has not started the run yet;
 * - `provisioning`: the run is going, step by step;
 * - `live`: the school answers on its own subdomain;
 * - `failed`: the run gave up; `error` says why and the page offers a retry;
 * - `suspended` / `closed`: the subscription ended or lapsed (no retry from this page).
 */
export type ProgressPhase =
  | 'awaiting-payment'
  | 'queued'
  | 'provisioning'
  | 'live'
  | 'failed'
  | 'suspended'
  | 'closed'

/**
 * The steps the page lists: the provisioner's PROVISION_PLAN, spelled out so that each has a
 * translated label (a test keeps the two equal).
 */
export const PROVISION_STEPS = [
  'mark-provisioning',
  'mint-credential',
  'ensure-dns',
  'deploy',
  'wait-healthy',
  'mark-active',
  'send-welcome',
] as const satisfies readonly StepName[]
export type ProvisionStep = (typeof PROVISION_STEPS)[number]

/** One step of the provision plan: pending until the run reaches it. */
export type StepView = {
  name: ProvisionStep
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped'
}

/** The progress of one school, sent to the page and, as JSON, over the event stream. */
export type ProgressView = {
  tenantId: string
  name: string
  slug: string
  phase: ProgressPhase
  /** Every step of the provision plan, in order (all `pending` before the run starts). */
  steps: StepView[]
  /** The school's own origin, e.g. `http://northwind.localhost:8080`. */
  schoolUrl: string
  /** Why the run failed (the provisioner's message), or null. */
  error: string | null
  /** True once nothing more will change without the user (live, failed, suspended, closed). */
  settled: boolean
}

/** Subscription statuses that pay for a running school. */
const PAID: ReadonlySet<SubscriptionStatus> = new Set(['trialing', 'active', 'past_due'])

/**
 * The school's origin on its own subdomain, from the hub's public origin:
 * `http://localhost:8080` + `northwind` → `http://northwind.localhost:8080`.
 * @throws TypeError when `hubPublicUrl` is not a URL.
 */
export function schoolUrl(hubPublicUrl: string, slug: string): string {
  const hub = new URL(hubPublicUrl)
  const host = hub.host.replace(/^www\./, '')
  return `${hub.protocol}//${slug}.${host}`
}

/**
 * Builds the progress view from the cms documents (the source of truth): the school, its latest
 * provision run (or null before the provisioner started one) and its subscription (or null before
 * the first webhook was processed). Pure; the caller loads the documents with the platform key.
 */
export function progressView(input: {
  tenant: Pick<Tenant, 'id' | 'name' | 'slug' | 'status' | 'statusReason'>
  run: Pick<ProvisioningRun, 'status' | 'steps' | 'error'> | null
  subscription: Pick<Subscription, 'status'> | null
  hubPublicUrl: string
}): ProgressView {
  const { tenant, run, subscription } = input
  const done = new Map<string, StepView['status']>()
  for (const step of run?.steps ?? []) done.set(step.step, step.status)
  const steps = PROVISION_STEPS.map((name) => ({ name, status: done.get(name) ?? 'pending' }))
  const phase = phaseOf(tenant.status, run, subscription)
  const failedStep = run?.steps?.findLast((s) => s.status === 'failed')
  const error = phase === 'failed' ? (run?.error ?? failedStep?.message ?? tenant.statusReason ?? null) : null
  return {
    tenantId: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    phase,
    steps,
    schoolUrl: schoolUrl(input.hubPublicUrl, tenant.slug),
    error,
    settled: phase !== 'awaiting-payment' && phase !== 'queued' && phase !== 'provisioning',
  }
}

function phaseOf(
  status: Tenant['status'],
  run: Pick<ProvisioningRun, 'status'> | null,
  subscription: Pick<Subscription, 'status'> | null,
): ProgressPhase {
  switch (status) {
    case 'active':
      return 'live'
    case 'failed':
      return 'failed'
    case 'suspended':
      return 'suspended'
    case 'deprovisioned':
      return 'closed'
    case 'provisioning':
      return run?.status === 'failed' ? 'failed' : 'provisioning'
    default:
      if (run?.status === 'running') return 'provisioning'
      if (run?.status === 'failed') return 'failed'
      return subscription && PAID.has(subscription.status) ? 'queued' : 'awaiting-payment'
  }
}
