/**
 * The lifecycle queue: graphile-worker jobs in the cms's PostgreSQL. This module is what other
 * services (the hub) call to ask for a lifecycle change; it needs only a database connection.
 *
 * - Task `lyceum_lifecycle`, payload {@link LifecycleRequest}.
 * - **One named queue per school**, `tenant:<tenantId>`: graphile-worker runs the jobs of one queue
 *   one at a time, so a school's runs never overlap; different schools run in parallel up to the
 *   provisioner's concurrency. The purge and repair jobs of a school use the same queue.
 * - **Job key per (school, action)**, `lifecycle:<tenantId>:<action>`: asking twice before the
 *   first has started collapses into one job. Asking while it runs adds one more job, which runs
 *   after it (graphile-worker's rule: the running job's state may be stale).
 * - **Latest request wins.** An immediate request (no `runAt`, or one already due) removes the
 *   school's other lifecycle requests that are due or waiting for a retry, and a run that fails
 *   while a newer request is queued ends as superseded instead of retrying. Requests scheduled for
 *   later (a deprovision at the end of the paid period) stay until they are due or cancelled with
 *   {@link cancelLifecycle}.
 * - `max_attempts` on the job is only a ceiling: the engine applies its own configured number of
 *   attempts (see engine.ts), so the hub need not know it.
 */
import { PROVISIONING_ACTIONS, type ProvisioningAction } from '@lyceum/domain'
import { Logger, runMigrations } from 'graphile-worker'
import pg from 'pg'
import { z } from 'zod'
import { withPoolClient } from './db.ts'

/** Task identifier of lifecycle jobs. */
export const LIFECYCLE_TASK = 'lyceum_lifecycle'
/** Task identifier of the purge that follows a deprovision after the retention period. */
export const PURGE_TASK = 'lyceum_purge'
/** Task identifier of the reconcile loop's repairs. */
export const REPAIR_TASK = 'lyceum_repair'

/** The ceiling put on jobs' `max_attempts`; the engine's own limit is lower. */
export const JOB_MAX_ATTEMPTS_CEILING = 100

/** The queue of one school's jobs. */
export const tenantQueue = (tenantId: string) => `tenant:${tenantId}`
/** The job key of a (school, action) request. */
export const lifecycleJobKey = (tenantId: string, action: ProvisioningAction) =>
  `lifecycle:${tenantId}:${action}`

/** The payload of a lifecycle job (validated when the job runs). */
export const lifecyclePayloadSchema = z.object({
  tenantId: z.string().min(1),
  action: z.enum(PROVISIONING_ACTIONS),
  /** Why (shown as the school's `statusReason` for suspend and deprovision). */
  reason: z.string().max(500).optional(),
  /** ISO 8601 time of the request. */
  requestedAt: z.string(),
})
export type LifecyclePayload = z.infer<typeof lifecyclePayloadSchema>

/** Payload of purge and repair jobs. */
export const tenantPayloadSchema = z.object({ tenantId: z.string().min(1) })

/** A lifecycle request, as the hub makes it. */
export type LifecycleRequest = {
  /** The cms id of the school (`tenants`). */
  tenantId: string
  action: ProvisioningAction
  /** When to run it (default now), e.g. the end of the paid period for a deprovision. */
  runAt?: Date
  /** Why; becomes the school's `statusReason` on suspend/deprovision. */
  reason?: string
}

/** What {@link requestLifecycle} queued. */
export type QueuedRequest = {
  /** graphile-worker's job id (bigint as a string). */
  jobId: string
  jobKey: string
  queueName: string
  runAt: Date
  /** How many of the school's earlier pending requests this one replaced. */
  superseded: number
}

type Db = pg.Pool | string

/** A graphile-worker logger that forwards warnings and errors to `sink` and drops the rest. */
export function quietLogger(sink?: (level: string, message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (sink) sink(level, message)
  })
}

const migrated = new WeakMap<pg.Pool, Promise<void>>()

/** Installs or upgrades graphile-worker's schema once per pool (it is also done by the engine). */
export function ensureQueueSchema(pool: pg.Pool): Promise<void> {
  let done = migrated.get(pool)
  if (!done) {
    done = runMigrations({ pgPool: pool, logger: quietLogger() })
    done.catch(() => migrated.delete(pool))
    migrated.set(pool, done)
  }
  return done
}

async function withDb<T>(db: Db, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  if (typeof db !== 'string') return fn(db)
  const pool = new pg.Pool({ connectionString: db, max: 2 })
  pool.on('error', () => {}) // idle clients of this short-lived pool; the calls report their own errors
  pool.on('connect', (client) => client.on('error', () => {}))
  try {
    return await fn(pool)
  } finally {
    await pool.end()
  }
}

/**
 * Queues a lifecycle change for a school (see the module comment for keys, queues and the
 * "latest request wins" rule). Safe to call again: the same (school, action) collapses.
 *
 * @param db a `pg.Pool` on the cms's database, or its connection string (a pool is opened and
 *   closed for this call).
 * @throws ZodError for an invalid request; pg errors when the database is unreachable.
 */
export async function requestLifecycle(db: Db, request: LifecycleRequest): Promise<QueuedRequest> {
  const payload = lifecyclePayloadSchema.parse({
    tenantId: request.tenantId,
    action: request.action,
    reason: request.reason,
    requestedAt: new Date().toISOString(),
  })
  const jobKey = lifecycleJobKey(payload.tenantId, payload.action)
  const queueName = tenantQueue(payload.tenantId)
  const runAt = request.runAt ?? new Date()
  const immediate = runAt.getTime() <= Date.now()
  return withDb(db, async (pool) => {
    await ensureQueueSchema(pool)
    return withPoolClient(pool, async (client) => {
      await client.query('begin')
      try {
        let superseded = 0
        if (immediate) {
          const { rows } = await client.query<{ n: number }>(
            `select count(*)::int as n from graphile_worker.complete_jobs(array(
               select id from graphile_worker.jobs
               where queue_name = $1 and task_identifier = $2 and key is distinct from $3
                 and locked_at is null and (attempts > 0 or run_at <= now())
             ))`,
            [queueName, LIFECYCLE_TASK, jobKey],
          )
          superseded = rows[0]?.n ?? 0
        }
        const { rows } = await client.query<{ id: string; run_at: Date }>(
          `select id::text, run_at from graphile_worker.add_job($1, $2::json, queue_name => $3,
             run_at => $4, max_attempts => $5, job_key => $6, job_key_mode => 'replace')`,
          [LIFECYCLE_TASK, JSON.stringify(payload), queueName, runAt, JOB_MAX_ATTEMPTS_CEILING, jobKey],
        )
        await client.query('commit')
        const job = rows[0]
        if (!job) throw new Error('graphile_worker.add_job returned no job')
        return { jobId: job.id, jobKey, queueName, runAt: job.run_at, superseded }
      } catch (error) {
        await client.query('rollback')
        throw error
      }
    })
  })
}

/**
 * Cancels a queued (not yet running) request, e.g. a scheduled deprovision when the school pays
 * again. A running one is left to finish but will not be retried.
 *
 * @returns whether a job was found under that key.
 */
export async function cancelLifecycle(
  db: Db,
  request: { tenantId: string; action: ProvisioningAction },
): Promise<boolean> {
  return withDb(db, async (pool) => {
    await ensureQueueSchema(pool)
    const { rows } = await pool.query<{ id: string | null }>(
      'select (graphile_worker.remove_job($1)).id::text as id',
      [lifecycleJobKey(request.tenantId, request.action)],
    )
    return Boolean(rows[0]?.id)
  })
}

/** What {@link fastForwardLifecycle} made due. */
export type FastForwarded = {
  /** graphile-worker's task (`lyceum_lifecycle`, `lyceum_purge`). */
  task: string
  /** The job key, e.g. `lifecycle:<tenantId>:suspend`. */
  key: string | null
  /** When it was scheduled to run before. */
  wasDueAt: Date
}

/**
 * The sandbox's time machine: makes the school's NEXT scheduled job (the earliest one waiting for
 * a future `run_at` and not running: a grace-period suspend, a deprovision after the retention
 * period, a purge) due now, as if the clock had reached it. One job per call, so each waiting
 * period can be skipped on its own. Never used by the production path.
 *
 * @returns what was made due, or null when the school has no job waiting for a later time.
 */
export async function fastForwardLifecycle(db: Db, tenantId: string): Promise<FastForwarded | null> {
  return withDb(db, async (pool) => {
    await ensureQueueSchema(pool)
    const { rows } = await pool.query<{
      id: string
      task_identifier: string
      key: string | null
      run_at: Date
    }>(
      `select id::text, task_identifier, key, run_at from graphile_worker.jobs
       where queue_name = $1 and locked_at is null and run_at > now()
       order by run_at, id limit 1`,
      [tenantQueue(tenantId)],
    )
    const job = rows[0]
    if (!job) return null
    await pool.query('select graphile_worker.reschedule_jobs(array[$1::bigint], run_at => now())', [job.id])
    return { task: job.task_identifier, key: job.key, wasDueAt: job.run_at }
  })
}

/** The queued and running jobs of one school (for tests, diagnostics and the reconcile loop). */
export async function tenantJobs(
  pool: pg.Pool,
  tenantId: string,
): Promise<
  Array<{ id: string; task: string; key: string | null; locked: boolean; attempts: number; runAt: Date }>
> {
  const { rows } = await pool.query<{
    id: string
    task_identifier: string
    key: string | null
    locked_at: Date | null
    attempts: number
    run_at: Date
  }>(
    `select id::text, task_identifier, key, locked_at, attempts, run_at from graphile_worker.jobs
     where queue_name = $1 order by id`,
    [tenantQueue(tenantId)],
  )
  return rows.map((r) => ({
    id: r.id,
    task: r.task_identifier,
    key: r.key,
    locked: r.locked_at !== null,
    attempts: r.attempts,
    runAt: r.run_at,
  }))
}
