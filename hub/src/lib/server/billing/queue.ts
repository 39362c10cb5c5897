/**
 * The billing job queue: graphile-worker jobs in the cms's PostgreSQL, next to the provisioner's
 * lifecycle jobs (same `graphile_worker` schema, different task and queue names).
 *
 * - Task `lyceum_billing_event`, payload `{ inboxId }` (the `billing-events` row to process).
 * - **One named queue per school**, `billing:<tenantId>` (`billing:unassigned` when the event names
 *   no school): graphile-worker runs a queue's jobs one at a time, in insertion order, so one
 *   school's events never race on its subscription; schools are processed in parallel.
 * - **Job key** `billing-event:<inboxId>`: enqueuing the same row twice (a redelivery, the sweep
 *   after a crash) keeps one job.
 */
import { ensureQueueSchema } from '@lyceum/provisioner/engine'
import type pg from 'pg'
import { z } from 'zod'

/** Task identifier of billing jobs. */
export const BILLING_TASK = 'lyceum_billing_event'

/** The queue of one school's billing events. */
export const billingQueue = (tenantId: string | null) => `billing:${tenantId ?? 'unassigned'}`
/** The job key of one inbox row. */
export const billingJobKey = (inboxId: string) => `billing-event:${inboxId}`

export const billingPayloadSchema = z.object({ inboxId: z.string().min(1) })
export type BillingPayload = z.infer<typeof billingPayloadSchema>

/** Attempts before graphile-worker gives up on a job (the row then stays `pending` for the sweep). */
export const BILLING_MAX_ATTEMPTS = 10

/**
 * Queues the processing of one inbox row. Idempotent per row (job key, mode `preserve_run_at`: a
 * job already waiting keeps its place).
 * @throws pg errors when the database is unreachable.
 */
export async function enqueueBillingEvent(
  pool: pg.Pool,
  row: { inboxId: string; tenantId: string | null },
): Promise<void> {
  await ensureQueueSchema(pool)
  await pool.query(
    `select graphile_worker.add_job($1, $2::json, queue_name => $3, max_attempts => $4,
       job_key => $5, job_key_mode => 'preserve_run_at')`,
    [
      BILLING_TASK,
      JSON.stringify({ inboxId: row.inboxId } satisfies BillingPayload),
      billingQueue(row.tenantId),
      BILLING_MAX_ATTEMPTS,
      billingJobKey(row.inboxId),
    ],
  )
}
