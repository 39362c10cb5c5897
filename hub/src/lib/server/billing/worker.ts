/**
 * The hub's billing worker: a graphile-worker runner for `lyceum_billing_event` jobs, in the
 * cms's PostgreSQL. It only takes billing jobs; the provisioner's runner takes the lifecycle ones.
 *
 * Nothing verified is lost: at start, and then every `sweepIntervalMs`, inbox rows still
 * `pending` (stored, but whose job was lost with a crash or never queued) are queued again; the
 * job key keeps one job per row.
 */
import { type Runner, run, type TaskList } from 'graphile-worker'
import { ensureQueueSchema, quietLoggerFor } from './graphile.ts'
import { pendingInboxEvents } from './inbox.ts'
import { type ProcessorDeps, processInboxEvent } from './processor.ts'
import { BILLING_TASK, billingPayloadSchema, enqueueBillingEvent } from './queue.ts'

export type BillingWorkerOptions = ProcessorDeps & {
  /** Jobs run at once (different schools; one school's events run one at a time). Default 4. */
  concurrency?: number
  /** How often graphile-worker polls when LISTEN/NOTIFY is quiet. Default 1000 ms. */
  pollIntervalMs?: number
  /** How often pending inbox rows older than a minute are re-queued; 0 turns it off. Default 60 s. */
  sweepIntervalMs?: number
  /** Other tasks the hub runs on the same runner (the customer portal's data exports). */
  extraTasks?: TaskList
}

export type BillingWorker = {
  /** Re-queues pending inbox rows (older than `olderThan`, default: all); returns how many. */
  sweep(olderThan?: Date): Promise<number>
  stop(): Promise<void>
}

/**
 * Starts the worker: queues every pending inbox row, then runs jobs until `stop()`.
 * @throws when the database is unreachable or the cms cannot be read at start.
 */
export async function startBillingWorker(options: BillingWorkerOptions): Promise<BillingWorker> {
  const { pool } = options
  const log = options.log ?? ((message: string) => console.error(message))
  await ensureQueueSchema(pool)

  const sweep = async (olderThan?: Date) => {
    const rows = await pendingInboxEvents(options.cms, olderThan ? { olderThan } : {})
    for (const row of rows) await enqueueBillingEvent(pool, { inboxId: row.id, tenantId: row.tenantId })
    return rows.length
  }
  // The cms may still be starting (npm start runs it beside the hub): retry the first sweep.
  let initial: NodeJS.Timeout | undefined
  const firstSweep = () =>
    sweep().catch((error: unknown) => {
      log(`[billing] could not re-queue pending events yet (${String(error)}); retrying in 5 s`)
      initial = setTimeout(firstSweep, 5_000)
      initial.unref()
    })
  await firstSweep()

  const taskList: TaskList = {
    ...options.extraTasks,
    [BILLING_TASK]: async (payload) => {
      const { inboxId } = billingPayloadSchema.parse(payload)
      await processInboxEvent(inboxId, options)
    },
  }
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 1_000,
    taskList,
    noHandleSignals: true,
    logger: quietLoggerFor(log),
  })

  const interval = options.sweepIntervalMs ?? 60_000
  let sweeping: Promise<unknown> | undefined
  const timer =
    interval > 0
      ? setInterval(() => {
          sweeping ??= sweep(new Date(Date.now() - 60_000))
            .catch((error: unknown) => log(`[billing] sweep failed: ${String(error)}`))
            .finally(() => {
              sweeping = undefined
            })
        }, interval)
      : undefined
  timer?.unref()

  let stopping: Promise<void> | undefined
  return {
    sweep,
    stop() {
      stopping ??= (async () => {
        if (timer) clearInterval(timer)
        if (initial) clearTimeout(initial)
        await sweeping
        await runner.stop()
      })()
      return stopping
    },
  }
}
