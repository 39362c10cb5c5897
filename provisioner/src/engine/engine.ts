/**
 * The lifecycle engine: a graphile-worker runner executing lifecycle, purge and repair jobs, the
 * lease keeper, and the reconcile loop. See README.md ("Design") for the whole picture.
 *
 * A lifecycle job, per attempt:
 * 1. reads the school (cms) and finds its run: the one recorded for this job, else an unfinished
 *    run of the same action for the school (the job of a killed provisioner may have been replaced
 *    by a newer request), else a new `provisioning-runs` document; unfinished runs of other actions
 *    are closed as superseded. The plan (step names) is chosen once, when the run is created.
 * 2. runs the plan's steps that have not succeeded yet, in order, recording each step attempt;
 *    before each step it checks that its pool still holds the job (fencing, see leases.ts).
 * 3. on failure: a refused action fails the run only; if a newer request for the school is queued
 *    the run ends as superseded; a permanent error, or the last allowed attempt, fails the run and
 *    marks the school `failed` with the reason; otherwise the error is rethrown and graphile-worker
 *    retries the job with exponential backoff (exp(min(attempt, 10)) seconds: 2.7 s, 7.4 s, 20 s,
 *    55 s, 2.5 min…).
 *
 * Attempts are graphile-worker's (`job.attempts`, counting the current one); a job's own
 * `max_attempts` is only a ceiling, the configured `maxAttempts` decides. An attempt cut short by a
 * crash counts; a job reaching a new attempt beyond `maxAttempts` (its last attempt was killed)
 * fails the school without running steps, so a school never stays `provisioning` forever.
 */
import { EventEmitter } from 'node:events'
import type { CmsClient } from '@lyceum/cms-client'
import type { ProvisioningRun, Tenant } from '@lyceum/cms-client/payload-types'
import type { ProvisioningAction } from '@lyceum/domain'
import type { Mailer } from '@lyceum/mail'
import {
  type Job,
  type JobHelpers,
  makeWorkerUtils,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker'
import type pg from 'pg'
import type { TenantDriver } from '../drivers/types.ts'
import { findAll } from './cms.ts'
import {
  findRunMapping,
  loadTenantState,
  migrate,
  pruneRunMappings,
  saveRunMapping,
  saveTenantState,
} from './db.ts'
import { isPermanent, LeaseLostError, messageOf, RefusedError } from './errors.ts'
import { type FileDownloader, TENANT_CONTENT_COLLECTIONS } from './export.ts'
import { createLeaseKeeper, type LeaseKeeper } from './leases.ts'
import { consoleLog, type Log } from './log.ts'
import {
  ensureQueueSchema,
  JOB_MAX_ATTEMPTS_CEILING,
  LIFECYCLE_TASK,
  type LifecyclePayload,
  lifecycleJobKey,
  lifecyclePayloadSchema,
  PURGE_TASK,
  quietLogger,
  REPAIR_TASK,
  tenantPayloadSchema,
  tenantQueue,
} from './queue.ts'
import { desiredFor, driftOf, type Fix, type ReconcileReport } from './reconcile.ts'
import { RunRecorder } from './runs.ts'
import {
  isStepName,
  planFor,
  runStep,
  type StepConfig,
  type StepContext,
  type StepDeps,
  type StepName,
} from './steps.ts'

/** The engine's settings. Durations in milliseconds. */
export type EngineConfig = StepConfig & {
  /** Jobs run at once across schools (one at a time per school). Default 4. */
  concurrency: number
  /** Attempts of a run before the school becomes `failed`. Default 5. */
  maxAttempts: number
  /** How often idle workers look for due jobs (retries, scheduled requests). Default 1000. */
  pollIntervalMs: number
  /** Heartbeat period of this process's worker pool. Default 1000. */
  heartbeatMs: number
  /** A pool whose heartbeat is older than this is dead and its jobs are released. Default 5000. */
  staleAfterMs: number
  /** Period of the reconcile loop; 0 disables it. Default 30 000. */
  reconcileIntervalMs: number
}

/** A step boundary, for the test hook: `started` is before the step acts, `finished` after. */
export type StepEvent = {
  phase: 'started' | 'finished'
  step: StepName
  action: ProvisioningAction
  tenantId: string
  slug: string
  attempt: number
  runId: string
}

/** Test-only instrumentation (crash tests pause here and kill the process). */
export type EngineHooks = { onStep?: (event: StepEvent) => void | Promise<void> }

export type EngineOptions = {
  /** The cms's database (graphile-worker's and the provisioner's schemas live there). */
  pool: pg.Pool
  /** A cms client with the platform key. */
  cms: CmsClient
  driver: TenantDriver
  config: Partial<EngineConfig> & Pick<StepConfig, 'tenantCmsUrl' | 'publicUrl' | 'exportDir'>
  /** Sends the welcome mail; without one, that step is skipped. */
  mailer?: Mailer | null
  /** Downloads media files for exports (see `createCmsDownloader`). */
  download: FileDownloader
  /**
   * Creates tenant keys (default: `cms.create('service-keys', data)` with the platform key). See
   * README, "Minting keys".
   */
  mintKey?: StepDeps['mintKey']
  log?: Log
  hooks?: EngineHooks
}

/** A running engine. */
export type Engine = {
  /** This process's graphile-worker pool id (`locked_by` of the jobs it runs). */
  readonly poolId: string
  readonly config: EngineConfig
  /** One pass of the reconcile loop, now. */
  reconcile(): Promise<ReconcileReport>
  /**
   * Stops taking jobs, waits for running ones (graphile-worker aborts them after 5 s), stops the
   * loops and deletes this process's heartbeat row. The driver, pool and mailer are the caller's.
   */
  stop(): Promise<void>
  /** Settles when the runner stops (after `stop()`, or on a fatal error). */
  readonly done: Promise<void>
}

const DEFAULTS = {
  concurrency: 4,
  maxAttempts: 5,
  pollIntervalMs: 1_000,
  heartbeatMs: 1_000,
  staleAfterMs: 5_000,
  reconcileIntervalMs: 30_000,
  healthTimeoutMs: 60_000,
  retentionMs: 30 * 24 * 3600 * 1000,
} satisfies Partial<EngineConfig>

/**
 * Starts the engine: migrates the provisioner's and graphile-worker's schemas, releases the jobs
 * of dead pools, starts the runner and the loops.
 * @throws when the database is unreachable or a migration fails.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const config: EngineConfig = { ...DEFAULTS, ...options.config }
  const { pool, cms, driver } = options
  const log = options.log ?? consoleLog()
  const hooks = options.hooks ?? {}
  const graphileLogger = quietLogger((level, message) => {
    if (level === 'error' || level === 'warning') log('debug', `graphile-worker: ${message}`)
  })

  await migrate(pool)
  await ensureQueueSchema(pool)
  await pruneRunMappings(pool)
  const utils: WorkerUtils = await makeWorkerUtils({ pgPool: pool, logger: graphileLogger })
  const keeper: LeaseKeeper = createLeaseKeeper({
    pool,
    utils,
    heartbeatMs: config.heartbeatMs,
    staleAfterMs: config.staleAfterMs,
    log,
  })
  await keeper.start()

  const addJob: StepContext['deps']['addJob'] = (task, payload, spec) => utils.addJob(task, payload, spec)
  const deps: StepContext['deps'] = {
    cms,
    driver,
    pool,
    config,
    mailer: options.mailer ?? null,
    download: options.download,
    mintKey: options.mintKey ?? ((data) => cms.create('service-keys', data)),
    log,
    addJob,
  }

  let poolId = ''
  const events = new EventEmitter() as WorkerEvents
  const registered: Promise<void>[] = []
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id
    registered.push(
      keeper.register(workerPool.id).catch((error: unknown) => log('warn', `register: ${messageOf(error)}`)),
    )
  })

  const lifecycle = createLifecycleHandler({ deps, config, keeper, hooks, log, ownerOf: () => poolId })
  const taskList: TaskList = {
    [LIFECYCLE_TASK]: lifecycle,
    [PURGE_TASK]: (payload, helpers) => purge(deps, payload, helpers),
    [REPAIR_TASK]: (payload) => repair(deps, payload),
  }

  const runner: Runner = await run({
    pgPool: pool,
    concurrency: config.concurrency,
    pollInterval: config.pollIntervalMs,
    taskList,
    noHandleSignals: true,
    events,
    logger: graphileLogger,
  })
  await Promise.all(registered)
  log(
    'info',
    `engine started: pool ${poolId}, ${config.concurrency} concurrent job(s), driver ${driver.name}`,
  )

  let reconciling: Promise<unknown> | undefined
  const reconcile = () => reconcileOnce(deps, utils, log)
  const timer =
    config.reconcileIntervalMs > 0
      ? setInterval(() => {
          if (reconciling) return
          reconciling = reconcile()
            .catch((error: unknown) => log('warn', `reconcile failed: ${messageOf(error)}`))
            .finally(() => {
              reconciling = undefined
            })
        }, config.reconcileIntervalMs)
      : undefined
  timer?.unref()

  let stopping: Promise<void> | undefined
  return {
    get poolId() {
      return poolId
    },
    config,
    reconcile,
    done: runner.promise,
    stop() {
      stopping ??= (async () => {
        if (timer) clearInterval(timer)
        await reconciling
        await runner.stop()
        await keeper.stop()
        await utils.release()
        log('info', `engine stopped: pool ${poolId}`)
      })()
      return stopping
    },
  }
}

type HandlerContext = {
  deps: StepContext['deps']
  config: EngineConfig
  keeper: LeaseKeeper
  hooks: EngineHooks
  log: Log
  ownerOf: () => string
}

/** The `lyceum_lifecycle` task; see the module comment. */
function createLifecycleHandler(h: HandlerContext) {
  const { deps, config, keeper, hooks, log } = h
  const { cms, pool } = deps

  return async (payload: unknown, helpers: JobHelpers): Promise<void> => {
    const parsed = lifecyclePayloadSchema.safeParse(payload)
    if (!parsed.success) {
      log('error', `job ${helpers.job.id}: invalid lifecycle payload, dropped: ${parsed.error.message}`)
      return
    }
    const request = parsed.data
    const job = helpers.job
    const owner = job.locked_by ?? h.ownerOf()
    const attempt = job.attempts
    const tenant = await cms.findByID('tenants', request.tenantId)
    if (!tenant) {
      log('warn', `${request.action} of tenant ${request.tenantId}: no such school; nothing to do`)
      return
    }
    const opened = await openRun(deps, job, tenant, request)
    const { run } = opened
    if (run.finished) return
    const label = `${request.action} ${tenant.slug} (run ${run.id}, attempt ${attempt})`
    if (opened.refused) {
      await run.finish('failed', `refused: ${opened.refused}`)
      log('warn', `${label}: refused: ${opened.refused}`)
      return
    }
    if (attempt > config.maxAttempts) {
      const reason = job.last_error
        ? messageOf(job.last_error)
        : 'the provisioner was lost during the last attempt'
      await failSchool(deps, run, tenant, request.action, run.doc.currentStep ?? 'start', attempt - 1, reason)
      log('warn', `${label}: gave up after ${attempt - 1} attempt(s): ${reason}`)
      return
    }

    const ctx: StepContext = {
      tenant,
      action: request.action,
      reason: request.reason,
      deps,
      signal: helpers.abortSignal,
    }
    /** Throws LeaseLostError when the job is no longer locked by this worker's pool. */
    const fence = async () => {
      if (!(await keeper.stillOwns(job.id, owner))) {
        throw new LeaseLostError(`job ${job.id} is no longer held by ${owner}`)
      }
    }
    await run.begin(attempt)
    log('info', `${label}: ${opened.plan.filter((s) => !run.done(s)).join(' → ') || 'nothing left to do'}`)
    let current: StepName | undefined
    try {
      for (const step of opened.plan) {
        if (run.done(step)) continue
        current = step
        await fence()
        const event = {
          step,
          action: request.action,
          tenantId: tenant.id,
          slug: tenant.slug,
          attempt,
          runId: run.id,
        }
        await run.stepStarted(step, attempt)
        await hooks.onStep?.({ phase: 'started', ...event })
        const started = Date.now()
        const result = await runStep(step, ctx)
        await hooks.onStep?.({ phase: 'finished', ...event })
        await fence() // a frozen worker must not write over the run its successor took over
        await run.stepFinished(step, result.skipped ? 'skipped' : 'succeeded', result.message)
        log('debug', `${label}: ${step} ${result.skipped ? 'skipped' : 'done'} in ${Date.now() - started} ms`)
      }
      await run.finish('succeeded')
      log('info', `${label}: succeeded`)
    } catch (error) {
      if (error instanceof LeaseLostError || !(await keeper.stillOwns(job.id, owner).catch(() => true))) {
        // Another worker holds the job now: record nothing, it carries on.
        log('warn', `${label}: abandoned at ${current}, the job was taken over: ${messageOf(error)}`)
        throw error
      }
      const message = messageOf(error)
      try {
        if (current) await run.stepFinished(current, 'failed', message)
        if (error instanceof RefusedError) {
          await run.finish('failed', `refused: ${message}`)
          log('warn', `${label}: refused at ${current}: ${message}`)
          return
        }
        if (await hasNewerRequest(pool, tenant.id, job.id)) {
          await run.finish('failed', `superseded by a later request (last error at ${current}: ${message})`)
          log('info', `${label}: superseded after failing at ${current}: ${message}`)
          return
        }
        if (isPermanent(error) || attempt >= config.maxAttempts) {
          await failSchool(deps, run, tenant, request.action, current ?? 'start', attempt, message)
          log(
            'warn',
            `${label}: failed at ${current} (${isPermanent(error) ? 'permanent' : 'last attempt'}): ${message}`,
          )
          return
        }
        await run.waitRetry(`attempt ${attempt} failed at ${current}: ${message}`)
      } catch (recording) {
        log('warn', `${label}: could not record the failure: ${messageOf(recording)}`)
      }
      log('warn', `${label}: failed at ${current}, will retry: ${message}`)
      throw error
    }
  }
}

/** The run a job records into, and its plan; see the module comment. */
async function openRun(
  deps: StepContext['deps'],
  job: Job,
  tenant: Tenant,
  request: LifecyclePayload,
): Promise<{ run: RunRecorder; plan: StepName[]; refused?: string }> {
  const { cms, pool, driver } = deps
  const mapping = await findRunMapping(pool, job.id)
  if (mapping) {
    const doc = await cms.findByID('provisioning-runs', mapping.runId)
    if (doc) return { run: new RunRecorder(cms, doc), plan: mapping.plan.filter(isStepName) }
  }
  const unfinished = await findAll(cms, 'provisioning-runs', {
    where: { and: [{ tenant: { equals: tenant.id } }, { status: { in: ['queued', 'running'] } }] },
    sort: '-createdAt',
  })
  let adopted: ProvisioningRun | undefined
  for (const doc of unfinished) {
    if (!adopted && doc.action === request.action) adopted = doc
    else await new RunRecorder(cms, doc).finish('failed', 'superseded by a later request for this school')
  }
  let plan: StepName[] = []
  let refused: string | undefined
  if (adopted) {
    const { rows } = await pool.query<{ plan: string[] }>(
      'select plan from provisioner.runs where run_id = $1 order by created_at limit 1',
      [adopted.id],
    )
    plan = (rows[0]?.plan ?? []).filter(isStepName)
  }
  if (plan.length === 0) {
    try {
      plan = planFor(request.action, tenant.status, (await driver.inspect(tenant.slug)) !== null)
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error
      refused = error.message
    }
  }
  const run = adopted
    ? new RunRecorder(cms, adopted)
    : await RunRecorder.create(cms, tenant.id, request.action)
  await saveRunMapping(pool, {
    jobId: job.id,
    runId: run.id,
    tenantId: tenant.id,
    action: request.action,
    plan,
  })
  return refused ? { run, plan, refused } : { run, plan }
}

/**
 * Marks the school `failed` with a reason the super-admin sees, then ends the run failed, in that
 * order: whoever sees the failed run (the hub's progress page, a test) also sees the failed school.
 */
async function failSchool(
  deps: StepContext['deps'],
  run: RunRecorder,
  tenant: Tenant,
  action: ProvisioningAction,
  step: string,
  attempts: number,
  message: string,
): Promise<void> {
  const reason = `${action} failed at ${step} after ${attempts} attempt(s): ${message}`
  await deps.cms.update('tenants', tenant.id, { status: 'failed', statusReason: reason.slice(0, 500) })
  await run.finish('failed', message)
}

/** Whether a lifecycle request newer than `jobId` is queued for the school. */
async function hasNewerRequest(pool: pg.Pool, tenantId: string, jobId: string): Promise<boolean> {
  const { rows } = await pool.query<{ newer: boolean }>(
    `select exists(select 1 from graphile_worker.jobs
       where queue_name = $1 and task_identifier = $2 and id > $3) as newer`,
    [tenantQueue(tenantId), LIFECYCLE_TASK, jobId],
  )
  return rows[0]?.newer === true
}

/**
 * Jobs that make a school "busy" for the reconcile loop: a lifecycle request running, due, or
 * waiting for a retry (its run will settle the school). Requests scheduled for later do not count.
 */
const BUSY = `task_identifier = '${LIFECYCLE_TASK}' and attempts < max_attempts
  and (locked_at is not null or run_at <= now() or attempts > 0)`

/** Whether a lifecycle request of the school is running, due or retrying. */
async function hasLifecycleJob(pool: pg.Pool, tenantId: string): Promise<boolean> {
  const { rows } = await pool.query<{ any: boolean }>(
    `select exists(select 1 from graphile_worker.jobs where queue_name = $1 and ${BUSY}) as any`,
    [tenantQueue(tenantId)],
  )
  return rows[0]?.any === true
}

/**
 * The `lyceum_purge` task: after the retention period, deletes a deprovisioned school's content
 * (the collections of the export, media files included) and its memberships. The school document,
 * its runs, keys, billing records and the audit log stay. Does nothing if the school is no longer
 * deprovisioned (reprovisioned in the meantime).
 */
async function purge(deps: StepContext['deps'], payload: unknown, helpers: JobHelpers): Promise<void> {
  const { cms, pool, log } = deps
  const { tenantId } = tenantPayloadSchema.parse(payload)
  const tenant = await cms.findByID('tenants', tenantId)
  if (!tenant) return
  if (tenant.status !== 'deprovisioned') {
    log('info', `purge ${tenant.slug}: skipped, the school is ${tenant.status}`)
    return
  }
  const state = await loadTenantState(pool, tenant.id, tenant.slug)
  if (state.purgeAt && state.purgeAt.getTime() > Date.now() + 1_000) {
    await helpers.addJob(PURGE_TASK, { tenantId }, { queueName: tenantQueue(tenantId), runAt: state.purgeAt })
    return
  }
  const deleted: string[] = []
  for (const collection of TENANT_CONTENT_COLLECTIONS) {
    let total = 0
    for (let round = 0; round < 100; round++) {
      const where = { tenant: { equals: tenant.id } }
      if ((await cms.count(collection, { where })) === 0) break
      const result = await cms.deleteWhere(collection, where)
      if (result.errors.length > 0) {
        throw new Error(`purge ${collection}: ${result.errors.map((e) => e.message).join('; ')}`)
      }
      total += result.docs.length
    }
    deleted.push(`${collection} ${total}`)
  }
  const users = await findAll(cms, 'users', {
    where: { 'memberships.tenant': { equals: tenant.id } },
  })
  for (const user of users) {
    const memberships = (user.memberships ?? []).filter(
      (m) => (typeof m.tenant === 'string' ? m.tenant : m.tenant?.id) !== tenant.id,
    )
    await cms.update('users', user.id, { memberships })
  }
  await saveTenantState(pool, tenant.id, { purgedAt: new Date() })
  log('info', `purge ${tenant.slug}: deleted ${deleted.join(', ')}; ${users.length} membership(s) removed`)
}

/** The `lyceum_repair` task: re-checks one school's drift and fixes it (see reconcile.ts). */
async function repair(deps: StepContext['deps'], payload: unknown): Promise<void> {
  const { cms, driver, pool, log } = deps
  const { tenantId } = tenantPayloadSchema.parse(payload)
  const tenant = await cms.findByID('tenants', tenantId)
  if (!tenant) return
  if (await hasLifecycleJob(pool, tenant.id)) return
  const actual = await driver.list()
  const fixes = driftOf(
    desiredFor(tenant.status),
    actual.instances.filter((i) => i.slug === tenant.slug),
    actual.dnsRecords.find((r) => r.slug === tenant.slug),
  )
  for (const fix of fixes) await applyFix(deps, tenant, fix)
  if (fixes.length > 0) log('info', `repair ${tenant.slug} (${tenant.status}): ${fixes.join(', ')}`)
}

async function applyFix(
  deps: StepContext['deps'],
  tenant: Pick<Tenant, 'id' | 'slug'>,
  fix: Fix,
): Promise<void> {
  const { driver, pool } = deps
  switch (fix) {
    case 'provision': {
      // Through the queue, as a lifecycle run; not via requestLifecycle, which would supersede.
      const payload: LifecyclePayload = {
        tenantId: tenant.id,
        action: 'provision',
        reason: 'reconcile: an active school had no instance',
        requestedAt: new Date().toISOString(),
      }
      await pool.query(
        `select graphile_worker.add_job($1, $2::json, queue_name => $3, max_attempts => $4, job_key => $5)`,
        [
          LIFECYCLE_TASK,
          JSON.stringify(payload),
          tenantQueue(tenant.id),
          JOB_MAX_ATTEMPTS_CEILING,
          lifecycleJobKey(tenant.id, 'provision'),
        ],
      )
      return
    }
    case 'start':
      await driver.start(tenant.slug)
      return
    case 'stop':
      await driver.stop(tenant.slug)
      return
    case 'destroy':
      await driver.destroy(tenant.slug)
      return
    case 'ensure-dns':
      await driver.ensureDns(tenant.slug)
      return
    case 'remove-dns':
      await driver.removeDns(tenant.slug)
      return
  }
}

/** One pass of the reconcile loop (see reconcile.ts). */
async function reconcileOnce(
  deps: StepContext['deps'],
  utils: WorkerUtils,
  log: Log,
): Promise<ReconcileReport> {
  const { cms, driver, pool } = deps
  const [tenants, actual] = await Promise.all([findAll(cms, 'tenants', { sort: 'createdAt' }), driver.list()])
  const { rows: busyRows } = await pool.query<{ queue_name: string }>(
    `select distinct queue_name from graphile_worker.jobs where queue_name is not null and ${BUSY}`,
  )
  const busyQueues = new Set(busyRows.map((r) => r.queue_name))
  const bySlug = new Map(tenants.flatMap((t) => (t.slug && t.status ? [[t.slug, t] as const] : [])))
  const slugs = new Set<string>([
    ...actual.instances.map((i) => i.slug),
    ...actual.dnsRecords.map((r) => r.slug),
    ...tenants.filter((t) => t.status === 'active').flatMap((t) => (t.slug ? [t.slug] : [])),
  ])
  const report: ReconcileReport = { checked: slugs.size, queued: [], removed: [], busy: [] }
  for (const slug of slugs) {
    const tenant = bySlug.get(slug)
    const fixes = driftOf(
      desiredFor(tenant?.status ?? null),
      actual.instances.filter((i) => i.slug === slug),
      actual.dnsRecords.find((r) => r.slug === slug),
    )
    if (fixes.length === 0) continue
    if (!tenant) {
      for (const fix of fixes) await applyFix(deps, { id: '', slug }, fix)
      report.removed.push(`${slug}: ${fixes.join(', ')}`)
      continue
    }
    if (busyQueues.has(tenantQueue(tenant.id))) {
      report.busy.push(slug)
      continue
    }
    await utils.addJob(
      REPAIR_TASK,
      { tenantId: tenant.id },
      { queueName: tenantQueue(tenant.id), jobKey: `repair:${tenant.id}`, maxAttempts: 3 },
    )
    report.queued.push(`${slug}: ${fixes.join(', ')}`)
  }
  if (report.queued.length + report.removed.length > 0) {
    log(
      'info',
      `reconcile: ${report.checked} checked; queued [${report.queued.join('; ')}]; removed [${report.removed.join('; ')}]`,
    )
  }
  return report
}
