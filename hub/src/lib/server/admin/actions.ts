/**
 * The console's actions on a school, each written to the audit log (actor `user:<super-admin id>`):
 * lifecycle requests to the provisioner's queue, and the retry of a failed billing event.
 */
import type { CmsClient } from '@lyceum/cms-client'
import { requestLifecycle } from '@lyceum/provisioner/engine'
import type pg from 'pg'
import { z } from 'zod'
import { markInboxEvent } from '../billing/inbox.ts'
import { enqueueBillingEvent } from '../billing/queue.ts'
import type { SuperAdmin } from './guard.ts'

/** What a super-admin may ask of a school from its page. `provision` is the dashboard's retry. */
export const CONSOLE_ACTIONS = ['suspend', 'resume', 'reprovision', 'deprovision'] as const
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number]

/** The confirmed lifecycle form: `action`, `confirm=yes` (the confirmation step), optional `reason`. */
export const lifecycleFormSchema = z.object({
  action: z.enum(CONSOLE_ACTIONS, { message: 'Choose suspend, resume, reprovision or deprovision.' }),
  confirm: z.literal('yes', { message: 'Confirm the action first.' }),
  reason: z.string().trim().max(500, { message: 'At most 500 characters.' }).default(''),
})

/**
 * Queues `action` for the school and records it in the audit log (`admin.tenant.<action>`,
 * details: reason, the queued job's id).
 * @throws pg errors (database unreachable), CmsError (audit write failed).
 */
export async function requestTenantAction(
  deps: { cms: CmsClient; databaseUrl: string },
  admin: SuperAdmin,
  tenantId: string,
  action: ConsoleAction | 'provision',
  reason: string,
): Promise<void> {
  const why = reason || `${action} by ${admin.email} from the super-admin console`
  const job = await requestLifecycle(deps.databaseUrl, { tenantId, action, reason: why })
  await deps.cms.create('audit-log', {
    actor: `user:${admin.id}`,
    tenant: tenantId,
    action: `admin.tenant.${action}`,
    target: `tenants:${tenantId}`,
    at: new Date().toISOString(),
    details: { reason: why, jobId: job.jobId, by: admin.email },
  })
}

/**
 * Puts a failed billing event back to `pending` and queues it for the billing worker again
 * (helper A's `enqueueBillingEvent`), then audit-logs `admin.billing_event.retry`.
 * @returns false when the event is not a failed one (nothing to retry).
 */
export async function retryBillingEvent(
  deps: { cms: CmsClient; pool: pg.Pool },
  admin: SuperAdmin,
  eventId: string,
): Promise<boolean> {
  const row = await deps.cms.findByID('billing-events', eventId, { select: { outcome: true, tenant: true } })
  if (row?.outcome !== 'failed') return false
  const tenantId = typeof row.tenant === 'string' ? row.tenant : (row.tenant?.id ?? null)
  await markInboxEvent(deps.cms, eventId, { outcome: 'pending', error: null })
  await enqueueBillingEvent(deps.pool, { inboxId: eventId, tenantId })
  await deps.cms.create('audit-log', {
    actor: `user:${admin.id}`,
    ...(tenantId ? { tenant: tenantId } : {}),
    action: 'admin.billing_event.retry',
    target: `billing-events:${eventId}`,
    at: new Date().toISOString(),
    details: { by: admin.email },
  })
  return true
}
