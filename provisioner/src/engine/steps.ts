/**
 * The steps of each lifecycle action, and their plans.
 *
 * Every step is idempotent: it reads what it needs from durable state (the cms, the driver,
 * `provisioner.tenant_state`), never from an earlier step's memory, and checks before it acts, so
 * running it again after a failure or a `kill -9` at any point gives the same end state and no
 * duplicate. The notes on each step say how.
 *
 * | action      | steps |
 * | ----------- | ----- |
 * | provision   | mark-provisioning, mint-credential, ensure-dns, deploy, wait-healthy, mark-active, send-welcome |
 * | reprovision | same, with `redeploy` (a fresh instance) instead of `deploy` |
 * | suspend     | stop-instance, mark-suspended |
 * | resume      | start-instance, wait-healthy, mark-active; the provision plan if never deployed |
 * | deprovision | destroy-instance, revoke-credential, export-data, schedule-purge, mark-deprovisioned |
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CmsClient, type CreateData, type Doc, isCmsError } from '@lyceum/cms-client'
import type { Tenant } from '@lyceum/cms-client/payload-types'
import type { ProvisioningAction } from '@lyceum/domain'
import { type Mailer, sendTemplate, welcome } from '@lyceum/mail'
import type pg from 'pg'
import type { TenantDriver } from '../drivers/types.ts'
import { findAll } from './cms.ts'
import { loadTenantState, saveTenantState, type TenantState } from './db.ts'
import { PermanentError, RefusedError } from './errors.ts'
import { exportExists, exportTenantData, type FileDownloader } from './export.ts'
import type { Log } from './log.ts'
import { PURGE_TASK, tenantQueue } from './queue.ts'

/** The step names, as recorded in `provisioning-runs.steps[].step`. */
export const STEP_NAMES = [
  'mark-provisioning',
  'mint-credential',
  'ensure-dns',
  'deploy',
  'redeploy',
  'wait-healthy',
  'mark-active',
  'send-welcome',
  'stop-instance',
  'mark-suspended',
  'start-instance',
  'destroy-instance',
  'revoke-credential',
  'export-data',
  'schedule-purge',
  'mark-deprovisioned',
] as const
export type StepName = (typeof STEP_NAMES)[number]

export const PROVISION_PLAN: readonly StepName[] = [
  'mark-provisioning',
  'mint-credential',
  'ensure-dns',
  'deploy',
  'wait-healthy',
  'mark-active',
  'send-welcome',
]
export const REPROVISION_PLAN: readonly StepName[] = PROVISION_PLAN.map((s) =>
  s === 'deploy' ? 'redeploy' : s,
)
export const SUSPEND_PLAN: readonly StepName[] = ['stop-instance', 'mark-suspended']
export const RESUME_PLAN: readonly StepName[] = ['start-instance', 'wait-healthy', 'mark-active']
export const DEPROVISION_PLAN: readonly StepName[] = [
  'destroy-instance',
  'revoke-credential',
  'export-data',
  'schedule-purge',
  'mark-deprovisioned',
]

/**
 * The plan of a new run, from the action and the school as it is now.
 * @throws RefusedError when the action does not apply (provision of a suspended or deprovisioned
 *   school, suspend or resume of a deprovisioned one).
 */
export function planFor(action: ProvisioningAction, status: Tenant['status'], deployed: boolean): StepName[] {
  switch (action) {
    case 'provision':
      if (status === 'suspended') throw new RefusedError('the school is suspended: resume it instead')
      if (status === 'deprovisioned')
        throw new RefusedError('the school is deprovisioned: reprovision it instead')
      return [...PROVISION_PLAN]
    case 'reprovision':
      return [...REPROVISION_PLAN]
    case 'suspend':
      if (status === 'deprovisioned')
        throw new RefusedError('the school is deprovisioned: nothing to suspend')
      return [...SUSPEND_PLAN]
    case 'resume':
      if (status === 'deprovisioned')
        throw new RefusedError('the school is deprovisioned: reprovision it instead')
      return deployed ? [...RESUME_PLAN] : [...PROVISION_PLAN]
    case 'deprovision':
      return [...DEPROVISION_PLAN]
  }
}

/** Settings the steps use. Durations in milliseconds. */
export type StepConfig = {
  /** The cms URL handed to instances (`LYCEUM_CMS_URL`). */
  tenantCmsUrl: string
  /** Optional Host header instances send to the cms (`LYCEUM_CMS_HOST`). */
  tenantCmsHost?: string
  /** A school's public URL, e.g. `http://northwind.localhost:8080`. */
  publicUrl: (slug: string) => string
  /** Extra env for every instance (e.g. test switches). */
  extraTenantEnv?: Record<string, string>
  /** How long `wait-healthy` waits for `/healthz` (default 60 s). */
  healthTimeoutMs: number
  /** Time from deprovision to purge. */
  retentionMs: number
  /** Where exports go. */
  exportDir: string
}

/** What steps need from the engine. */
export type StepDeps = {
  cms: CmsClient
  driver: TenantDriver
  pool: pg.Pool
  config: StepConfig
  mailer: Mailer | null
  download: FileDownloader
  log: Log
  /**
   * Creates a tenant key in the cms (`service-keys`). Default: with the platform client; see
   * README, "Minting keys", for why a deployment may need another credential for this call.
   */
  mintKey: (data: CreateData<'service-keys'>) => Promise<Doc<'service-keys'>>
  /** Adds a job to the school's queue (graphile-worker's addJob). */
  addJob: (
    task: string,
    payload: unknown,
    spec: {
      queueName: string
      runAt: Date
      jobKey: string
      jobKeyMode: 'replace'
      maxAttempts: number
    },
  ) => Promise<unknown>
}

/** The context of one step execution. */
export type StepContext = {
  /** The school, as read at the start of the attempt and updated by the steps that change it. */
  tenant: Tenant
  action: ProvisioningAction
  reason: string | undefined
  deps: StepDeps
  signal: AbortSignal
}

/** A step's outcome: `skipped` when there was nothing to do; `message` is its log line. */
export type StepResult = { skipped?: boolean; message?: string }

type StepFn = (ctx: StepContext) => Promise<StepResult>

const state = (ctx: StepContext): Promise<TenantState> =>
  loadTenantState(ctx.deps.pool, ctx.tenant.id, ctx.tenant.slug)

async function setStatus(
  ctx: StepContext,
  status: Tenant['status'],
  statusReason: string | null,
): Promise<StepResult> {
  if (ctx.tenant.status === status && (ctx.tenant.statusReason ?? null) === statusReason) {
    return { skipped: true, message: `already ${status}` }
  }
  ctx.tenant = await ctx.deps.cms.update('tenants', ctx.tenant.id, { status, statusReason })
  return { message: `status → ${status}${statusReason ? ` (${statusReason})` : ''}` }
}

/** The instance's environment; the key comes from the state (minted by `mint-credential`). */
export function tenantEnv(config: StepConfig, tenant: Tenant, key: string): Record<string, string> {
  const env: Record<string, string> = {
    ...config.extraTenantEnv,
    LYCEUM_TENANT_SLUG: tenant.slug,
    LYCEUM_CMS_URL: config.tenantCmsUrl,
    LYCEUM_TENANT_API_KEY: key,
    LYCEUM_PUBLIC_URL: config.publicUrl(tenant.slug),
    LYCEUM_LOCALE: tenant.locale,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  if (config.tenantCmsHost) env.LYCEUM_CMS_HOST = config.tenantCmsHost
  return env
}

async function deployWith(ctx: StepContext, fresh: boolean): Promise<StepResult> {
  const current = await state(ctx)
  if (!current.keySecret || !current.keyId) {
    throw new PermanentError('no cms key recorded for the school (mint-credential did not run)')
  }
  if (fresh) await ctx.deps.driver.destroy(ctx.tenant.slug)
  const info = await ctx.deps.driver.deploy({
    slug: ctx.tenant.slug,
    env: tenantEnv(ctx.deps.config, ctx.tenant, current.keySecret),
  })
  const where = info.target ? ` at ${info.target.host}:${info.target.port}` : ''
  return { message: `${info.state}${where} (env ${info.envHash.slice(0, 12)})` }
}

/**
 * Whether the cms accepts `secret` as a key that reads the school `tenantId` (one `find` of
 * `tenants` with that key). False when the cms refuses it (401/403) or it reads no such school.
 * @throws CmsError for anything else (cms unreachable, 5xx): the step is retried.
 */
async function keyReadsSchool(cms: CmsClient, secret: string, tenantId: string): Promise<boolean> {
  try {
    const { docs } = await cms
      .withAuth({ apiKey: secret })
      .find('tenants', { where: { id: { equals: tenantId } }, limit: 1, depth: 0, select: { slug: true } })
    return docs.length === 1
  } catch (error) {
    if (isCmsError(error) && (error.code === 'forbidden' || error.code === 'unauthorized')) return false
    throw error
  }
}

const STEPS: Record<StepName, StepFn> = {
  /** Status → provisioning (a provision of an active school leaves it active). */
  'mark-provisioning': async (ctx) => {
    if (ctx.action === 'provision' && ctx.tenant.status === 'active') {
      return { skipped: true, message: 'already active' }
    }
    return setStatus(ctx, 'provisioning', null)
  },

  /**
   * The school's tenant-scoped cms key. Reuses the recorded key while the cms still has it
   * unrevoked and still accepts its secret (a cms whose PAYLOAD_SECRET changed refuses every key
   * minted before: such a key is revoked and replaced). Otherwise the key (name and secret) is chosen and written to the state *before*
   * the cms call, and the cms is asked for a key of that name first: a provisioner killed right
   * after the cms created the key finds it instead of minting a second one.
   */
  'mint-credential': async (ctx) => {
    const { cms, pool } = ctx.deps
    let current = await state(ctx)
    if (current.keyId) {
      const existing = await cms.findByID('service-keys', current.keyId)
      if (existing && !existing.revokedAt && current.keySecret) {
        if (await keyReadsSchool(cms, current.keySecret, ctx.tenant.id)) {
          return { skipped: true, message: `reusing key ${existing.id}` }
        }
        await cms.update('service-keys', existing.id, { revokedAt: new Date().toISOString() })
        ctx.deps.log(
          'warn',
          `${ctx.tenant.slug}: the cms refuses recorded key ${existing.id}: revoked, minting another`,
        )
      }
      current = await saveTenantState(pool, ctx.tenant.id, { keyId: null, keyName: null, keySecret: null })
    }
    if (!current.keyName || !current.keySecret) {
      current = await saveTenantState(pool, ctx.tenant.id, {
        keyName: `tenant:${ctx.tenant.slug}:${randomBytes(4).toString('hex')}`,
        keySecret: `lyk_${randomBytes(24).toString('base64url')}`,
      })
    }
    const name = current.keyName ?? ''
    const secret = current.keySecret ?? ''
    const { docs } = await cms.find('service-keys', {
      where: { and: [{ name: { equals: name } }, { tenant: { equals: ctx.tenant.id } }] },
      limit: 1,
    })
    const found = docs[0]
    const key =
      found ??
      (await ctx.deps.mintKey({
        name,
        kind: 'tenant',
        tenant: ctx.tenant.id,
        enableAPIKey: true,
        apiKey: secret,
      }))
    if (key.enableAPIKey !== true) {
      // The cms stored the key document but dropped the key itself: Payload lets only callers with
      // admin-panel access set API keys (see README, "Minting keys"). Retrying cannot help.
      await cms.update('service-keys', key.id, { revokedAt: new Date().toISOString() })
      await saveTenantState(pool, ctx.tenant.id, { keyName: null, keySecret: null })
      throw new PermanentError(
        `the cms created service key ${key.id} without enabling it: the minting credential may not set API keys (Payload requires admin access; see the provisioner README, "Minting keys")`,
      )
    }
    await saveTenantState(pool, ctx.tenant.id, { keyId: key.id })
    return { message: found ? `found key ${key.id} minted by an earlier attempt` : `minted key ${key.id}` }
  },

  'ensure-dns': async (ctx) => {
    const record = await ctx.deps.driver.ensureDns(ctx.tenant.slug)
    return { message: `${record.hostname} → ${record.target}` }
  },

  /** Same env and running: kept as is (the driver compares env hashes). */
  deploy: (ctx) => deployWith(ctx, false),

  /** Reprovision: a fresh instance even when the env did not change. */
  redeploy: (ctx) => deployWith(ctx, true),

  /** Starts the instance if it is not running (it may have died since), then polls `/healthz`. */
  'wait-healthy': async (ctx) => {
    const { driver, config } = ctx.deps
    const started = Date.now()
    await driver.start(ctx.tenant.slug)
    let last = ''
    while (Date.now() - started < config.healthTimeoutMs) {
      ctx.signal.throwIfAborted()
      const health = await driver.health(ctx.tenant.slug)
      if (health.ok) {
        return {
          message: `healthy at ${health.target.host}:${health.target.port} after ${Date.now() - started} ms`,
        }
      }
      last = health.reason
      await sleep(200, undefined, { signal: ctx.signal })
    }
    throw new Error(`not healthy after ${config.healthTimeoutMs} ms: ${last}`)
  },

  /** Status → active (reason cleared); a pending purge no longer applies. */
  'mark-active': async (ctx) => {
    const current = await state(ctx)
    if (current.purgeAt || current.exportPath) {
      await saveTenantState(ctx.deps.pool, ctx.tenant.id, { purgeAt: null, exportPath: null })
    }
    return setStatus(ctx, 'active', null)
  },

  /**
   * Once per school: the welcome mail to its admins, then `welcome_sent_at`. At least once: a
   * provisioner killed between the send and the write sends it again on retry.
   */
  'send-welcome': async (ctx) => {
    const { cms, mailer, pool, config } = ctx.deps
    const current = await state(ctx)
    if (current.welcomeSentAt) {
      return { skipped: true, message: `already sent at ${current.welcomeSentAt.toISOString()}` }
    }
    if (!mailer) return { skipped: true, message: 'no SMTP configured' }
    const docs = await findAll(cms, 'users', {
      where: { 'memberships.tenant': { equals: ctx.tenant.id } },
    })
    const admins = docs.filter((user) =>
      (user.memberships ?? []).some(
        (m) =>
          (typeof m.tenant === 'string' ? m.tenant : m.tenant?.id) === ctx.tenant.id && m.role === 'admin',
      ),
    )
    if (admins.length === 0) return { skipped: true, message: 'the school has no admin to welcome' }
    const schoolUrl = config.publicUrl(ctx.tenant.slug)
    for (const admin of admins) {
      const rendered = welcome({
        locale: ctx.tenant.locale,
        schoolName: ctx.tenant.name,
        schoolUrl,
        adminEmail: admin.email,
        loginUrl: `${schoolUrl}/login`,
      })
      await sendTemplate(mailer, admin.email, rendered)
    }
    await saveTenantState(pool, ctx.tenant.id, { welcomeSentAt: new Date() })
    return { message: `sent to ${admins.map((a) => a.email).join(', ')}` }
  },

  'stop-instance': async (ctx) => {
    await ctx.deps.driver.stop(ctx.tenant.slug)
    return { message: 'stopped' }
  },

  'mark-suspended': (ctx) => setStatus(ctx, 'suspended', ctx.reason ?? 'Suspended'),

  'start-instance': async (ctx) => {
    const info = await ctx.deps.driver.start(ctx.tenant.slug)
    return { message: info.target ? `running at ${info.target.host}:${info.target.port}` : info.state }
  },

  /** Stops and destroys the instance, then removes the DNS record. */
  'destroy-instance': async (ctx) => {
    const { driver } = ctx.deps
    const existed = (await driver.inspect(ctx.tenant.slug)) !== null
    await driver.destroy(ctx.tenant.slug)
    const removed = await driver.removeDns(ctx.tenant.slug)
    return {
      skipped: !existed && !removed,
      message: `instance ${existed ? 'destroyed' : 'absent'}, DNS record ${removed ? 'removed' : 'absent'}`,
    }
  },

  /** Revokes every unrevoked key of the school (not only the recorded one) and forgets the secret. */
  'revoke-credential': async (ctx) => {
    const { cms, pool } = ctx.deps
    const docs = await findAll(cms, 'service-keys', {
      where: {
        and: [
          { tenant: { equals: ctx.tenant.id } },
          { kind: { equals: 'tenant' } },
          { revokedAt: { exists: false } },
        ],
      },
    })
    const now = new Date().toISOString()
    for (const key of docs) await cms.update('service-keys', key.id, { revokedAt: now })
    await saveTenantState(pool, ctx.tenant.id, { keySecret: null, keyName: null })
    return docs.length > 0
      ? { message: `revoked ${docs.map((k) => k.id).join(', ')}` }
      : { skipped: true, message: 'no unrevoked key' }
  },

  'export-data': async (ctx) => {
    const { cms, pool, config, download } = ctx.deps
    const current = await state(ctx)
    if (current.exportPath && (await exportExists(current.exportPath))) {
      return { skipped: true, message: `already exported to ${current.exportPath}` }
    }
    const result = await exportTenantData({ cms, tenant: ctx.tenant, exportDir: config.exportDir, download })
    await saveTenantState(pool, ctx.tenant.id, { exportPath: result.path })
    const counts = Object.entries(result.documents)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')
    return { message: `${result.path} (${result.format}; ${counts}; ${result.files} media files)` }
  },

  /**
   * The purge job, keyed per school: its date is decided once per deprovision (kept in the state,
   * cleared when the school is active again), so running deprovision again does not push it back,
   * and a later deprovision replaces a stale purge job with the new date.
   */
  'schedule-purge': async (ctx) => {
    const { pool, config, addJob } = ctx.deps
    let current = await state(ctx)
    if (!current.purgeAt) {
      current = await saveTenantState(pool, ctx.tenant.id, {
        purgeAt: new Date(Date.now() + config.retentionMs),
        purgedAt: null,
      })
    }
    const runAt = current.purgeAt ?? new Date()
    await addJob(
      PURGE_TASK,
      { tenantId: ctx.tenant.id },
      {
        queueName: tenantQueue(ctx.tenant.id),
        runAt,
        jobKey: `purge:${ctx.tenant.id}`,
        jobKeyMode: 'replace',
        maxAttempts: 10,
      },
    )
    return { message: `purge at ${runAt.toISOString()}` }
  },

  'mark-deprovisioned': (ctx) => setStatus(ctx, 'deprovisioned', ctx.reason ?? 'Deprovisioned'),
}

/** Runs one step. */
export function runStep(name: StepName, ctx: StepContext): Promise<StepResult> {
  return STEPS[name](ctx)
}

/** Whether a recorded plan entry is a known step (plans come back from the database). */
export function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name)
}
