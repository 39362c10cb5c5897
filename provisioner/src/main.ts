/**
 * The provisioner process (`node src/main.ts`): the lifecycle engine with the local driver, or the
 * pulumi driver (`LYCEUM_PROVISIONER_DRIVER=pulumi`).
 * Configuration comes from the environment (src/env.ts, README "Configuration"). SIGTERM or
 * SIGINT stops it gracefully: no new jobs, running ones finish (or are aborted after 5 s and
 * retried by the next provisioner), instances keep running and are adopted on the next start.
 * A second signal exits at once.
 */

import { existsSync } from 'node:fs'
import path from 'node:path'
import { createCmsClient } from '@lyceum/cms-client'
import { createMailer } from '@lyceum/mail'
import pg from 'pg'
import { createLocalDriver, type LocalDriver } from './drivers/local/driver.ts'
import { cmsTenantLookup, createLocalRouting } from './drivers/local/routes.ts'
import { prepareStandalone } from './drivers/local/standalone.ts'
import { openPulumiDriver } from './drivers/pulumi/open.ts'
import { DriverError, type TenantDriver } from './drivers/types.ts'
import { type EngineHooks, startEngine } from './engine/engine.ts'
import { messageOf } from './engine/errors.ts'
import { createCmsDownloader } from './engine/export.ts'
import { consoleLog } from './engine/log.ts'
import { EnvError, inheritedEnv, loadEnv, type ProvisionerEnv } from './env.ts'
import { createGateway, type Gateway } from './gateway/index.ts'

let env: ProvisionerEnv
try {
  env = loadEnv()
} catch (error) {
  if (!(error instanceof EnvError)) throw error
  console.error(`${error.message}\nThe provisioner did not start; fix the variables above.`)
  process.exit(1)
}

const log = consoleLog(env.LYCEUM_LOG_LEVEL)
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.LYCEUM_PROVISIONER_CONCURRENCY + 8 })
pool.on('error', (error) => log('warn', `database: ${error.message}`))
pool.on('connect', (client) =>
  client.on('error', (error) => log('warn', `database client: ${error.message}`)),
)

const cms = createCmsClient({
  baseUrl: env.LYCEUM_CMS_URL,
  ...(env.LYCEUM_CMS_HOST ? { host: env.LYCEUM_CMS_HOST } : {}),
  auth: { apiKey: env.LYCEUM_PLATFORM_KEY },
  userAgent: 'lyceum-provisioner/0',
  timeoutMs: 30_000,
})

/**
 * `LYCEUM_TEST_PAUSE_AT=<step>:<started|finished>`: wait there, forever or for
 * `LYCEUM_TEST_PAUSE_MS` (crash tests kill -9 or freeze us meanwhile). Ignored in production.
 */
function pauseHooks(spec: string | undefined): EngineHooks | undefined {
  if (!spec) return undefined
  if (env.NODE_ENV === 'production') {
    log('warn', 'LYCEUM_TEST_PAUSE_AT is ignored in production')
    return undefined
  }
  return {
    async onStep(event) {
      if (`${event.step}:${event.phase}` !== spec) return
      console.log(`PAUSED ${spec} ${event.slug}`)
      const ms = env.LYCEUM_TEST_PAUSE_MS
      await new Promise((resolve) => {
        if (ms !== undefined) setTimeout(resolve, ms)
      })
      console.log(`RESUMED ${spec} ${event.slug}`)
    },
  }
}

const dataDir = path.resolve(env.LYCEUM_DATA_DIR)

/** The pulumi driver, checked at start (CLI, settings, Cloudflare): a problem stops us here. */
async function openPulumi(env: ProvisionerEnv): Promise<TenantDriver> {
  const envVars: Record<string, string> = {}
  const passOn = {
    PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE,
    PULUMI_CONFIG_PASSPHRASE_FILE: env.PULUMI_CONFIG_PASSPHRASE_FILE,
    CLOUDFLARE_API_TOKEN: env.CLOUDFLARE_API_TOKEN,
    KUBECONFIG: env.KUBECONFIG,
  }
  for (const [name, value] of Object.entries(passOn)) if (value) envVars[name] = value
  const resources = {
    requests: {
      ...(env.LYCEUM_TENANT_CPU_REQUEST ? { cpu: env.LYCEUM_TENANT_CPU_REQUEST } : {}),
      ...(env.LYCEUM_TENANT_MEMORY_REQUEST ? { memory: env.LYCEUM_TENANT_MEMORY_REQUEST } : {}),
    },
    limits: {
      ...(env.LYCEUM_TENANT_CPU_LIMIT ? { cpu: env.LYCEUM_TENANT_CPU_LIMIT } : {}),
      ...(env.LYCEUM_TENANT_MEMORY_LIMIT ? { memory: env.LYCEUM_TENANT_MEMORY_LIMIT } : {}),
    },
  }
  try {
    return await openPulumiDriver({
      pool,
      // The env schema requires these with the pulumi driver.
      settings: {
        rootDomain: env.LYCEUM_ROOT_DOMAIN,
        cloudflareZoneId: env.LYCEUM_CLOUDFLARE_ZONE_ID ?? '',
        dnsTarget: env.LYCEUM_DNS_TARGET ?? '',
        image: env.LYCEUM_TENANT_IMAGE ?? '',
        ingressClassName: env.LYCEUM_INGRESS_CLASS,
        resources,
      },
      tenantCmsUrl: env.LYCEUM_TENANT_CMS_URL ?? env.LYCEUM_CMS_URL,
      ...(env.LYCEUM_PULUMI_CLI_ROOT ? { cliRoot: env.LYCEUM_PULUMI_CLI_ROOT } : {}),
      backendUrl: env.PULUMI_BACKEND_URL ?? '',
      workDir: path.resolve(env.LYCEUM_PULUMI_WORK_DIR ?? path.join(dataDir, 'pulumi')),
      envVars,
      ...(env.LYCEUM_PULUMI_SECRETS_PROVIDER ? { secretsProvider: env.LYCEUM_PULUMI_SECRETS_PROVIDER } : {}),
      cloudflare: {
        apiToken: env.CLOUDFLARE_API_TOKEN ?? '',
        ...(env.LYCEUM_CLOUDFLARE_API_URL ? { baseURL: env.LYCEUM_CLOUDFLARE_API_URL } : {}),
      },
      heartbeatMs: env.LYCEUM_HEARTBEAT_MS,
      staleAfterMs: env.LYCEUM_STALE_AFTER_MS,
      log: (line) => log('info', `pulumi: ${line}`),
    })
  } catch (error) {
    if (!(error instanceof DriverError)) throw error
    console.error(`${error.message}\nThe provisioner did not start (LYCEUM_PROVISIONER_DRIVER=pulumi).`)
    await pool.end().catch(() => {})
    process.exit(1)
  }
}

let localDriver: LocalDriver | undefined
let driver: TenantDriver
if (env.LYCEUM_PROVISIONER_DRIVER === 'pulumi') {
  driver = await openPulumi(env)
} else {
  const serverPath = path.resolve(env.LYCEUM_TENANT_APP_SERVER)
  if (!existsSync(serverPath)) {
    log('warn', `${serverPath} does not exist: build the tenant-app (pnpm --filter @lyceum/tenant-app build)`)
  }
  for (const dir of prepareStandalone(serverPath)) log('debug', `copied ${dir}`)
  localDriver = await createLocalDriver({
    dataDir,
    serverPath,
    rootDomain: env.LYCEUM_ROOT_DOMAIN,
    baseEnv: inheritedEnv(env),
    idleMs: env.LYCEUM_IDLE_MINUTES * 60_000,
    log: (line) => log('info', `local: ${line}`),
  })
  driver = localDriver
}
const mailer = env.LYCEUM_SMTP_URL
  ? createMailer({ smtpUrl: env.LYCEUM_SMTP_URL, from: env.LYCEUM_MAIL_FROM })
  : null
const hooks = pauseHooks(env.LYCEUM_TEST_PAUSE_AT)

const engine = await startEngine({
  pool,
  cms,
  driver,
  mailer,
  ...(hooks ? { hooks } : {}),
  download: createCmsDownloader({
    baseUrl: env.LYCEUM_CMS_URL,
    apiKey: env.LYCEUM_PLATFORM_KEY,
    ...(env.LYCEUM_CMS_HOST ? { host: env.LYCEUM_CMS_HOST } : {}),
  }),
  log,
  config: {
    tenantCmsUrl: env.LYCEUM_TENANT_CMS_URL ?? env.LYCEUM_CMS_URL,
    ...(env.LYCEUM_TENANT_CMS_HOST ? { tenantCmsHost: env.LYCEUM_TENANT_CMS_HOST } : {}),
    publicUrl: (slug) => env.LYCEUM_PUBLIC_URL_TEMPLATE.replaceAll('{slug}', slug).replace(/\/+$/, ''),
    exportDir: path.join(dataDir, 'exports'),
    concurrency: env.LYCEUM_PROVISIONER_CONCURRENCY,
    maxAttempts: env.LYCEUM_PROVISIONER_MAX_ATTEMPTS,
    retentionMs: env.LYCEUM_RETENTION_DAYS * 24 * 3600 * 1000,
    healthTimeoutMs: env.LYCEUM_HEALTH_TIMEOUT_SECONDS * 1000,
    // Each school's instance mails its invitations and password resets through the same SMTP.
    ...(env.LYCEUM_SMTP_URL
      ? { extraTenantEnv: { LYCEUM_SMTP_URL: env.LYCEUM_SMTP_URL, LYCEUM_MAIL_FROM: env.LYCEUM_MAIL_FROM } }
      : {}),
    pollIntervalMs: env.LYCEUM_POLL_INTERVAL_MS,
    heartbeatMs: env.LYCEUM_HEARTBEAT_MS,
    staleAfterMs: env.LYCEUM_STALE_AFTER_MS,
    reconcileIntervalMs: env.LYCEUM_RECONCILE_SECONDS * 1000,
  },
})
/**
 * The local gateway, in this process when `LYCEUM_GATEWAY_PORT` is set: with the local driver it
 * must live where the driver does (it wakes sleeping schools and tracks their requests).
 */
let gateway: Gateway | undefined
if (env.LYCEUM_GATEWAY_PORT !== undefined && !localDriver) {
  log(
    'warn',
    'LYCEUM_GATEWAY_PORT is ignored with the pulumi driver: Cloudflare and the ingress route the schools',
  )
}
if (
  localDriver &&
  env.LYCEUM_GATEWAY_PORT !== undefined &&
  env.LYCEUM_GATEWAY_HUB &&
  env.LYCEUM_GATEWAY_CMS
) {
  const routing = createLocalRouting({ driver: localDriver, lookup: cmsTenantLookup(cms) })
  gateway = createGateway({
    rootDomain: env.LYCEUM_ROOT_DOMAIN,
    hub: env.LYCEUM_GATEWAY_HUB,
    cms: env.LYCEUM_GATEWAY_CMS,
    routes: routing.routes,
    wake: routing.wake,
    onRequest: routing.onRequest,
    extraReservedSlugs: env.LYCEUM_RESERVED_SLUGS,
    onError: (event) => log('warn', `gateway: ${event.kind} ${event.site}: ${messageOf(event.error)}`),
  })
  const { url } = await gateway.listen(env.LYCEUM_GATEWAY_PORT)
  log('info', `gateway listening on ${url}`)
}

log(
  'info',
  `provisioner ready: ${driver.name} driver, pool ${engine.poolId}, data in ${dataDir}, pid ${process.pid}`,
)

let stoppingSince = 0
async function shutdown(signal: string): Promise<void> {
  if (stoppingSince > 0) {
    // A terminal's Ctrl-C and the parent's SIGTERM arrive together: only a second signal a beat
    // later (someone pressing Ctrl-C again) forces the exit.
    if (Date.now() - stoppingSince < 1_000) return
    log('warn', `${signal} again: exiting now`)
    process.exit(1)
  }
  stoppingSince = Date.now()
  const sleeper = localDriver
  const stopInstances = env.LYCEUM_STOP_INSTANCES_ON_EXIT && sleeper !== undefined
  log(
    'info',
    `${signal}: stopping${stopInstances ? ' with the schools’ instances' : ' (instances keep running)'}`,
  )
  let failed = false
  const attempt = async (what: string, work: () => Promise<unknown> | unknown) => {
    try {
      await work()
    } catch (error) {
      failed = true
      log('error', `shutdown: ${what} failed: ${(error as Error).message}`)
    }
  }
  await attempt('gateway', () => gateway?.close())
  if (stopInstances) {
    // First, and without the database (a terminal's Ctrl-C stops PostgreSQL at the same moment):
    // put the instances to sleep, not destroyed; the gateway wakes each on its first request.
    await attempt('sleeping the instances', async () => {
      if (!sleeper) return
      const { instances } = await sleeper.list()
      await Promise.all(instances.filter((i) => i.state === 'running').map((i) => sleeper.sleep(i.slug)))
    })
  }
  await attempt('engine', () => engine.stop())
  await attempt('driver', () => driver.close())
  await attempt('mailer', () => mailer?.close())
  await attempt('database pool', () => pool.end())
  process.exit(failed ? 1 : 0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
engine.done.catch((error: unknown) => {
  log('error', `the job runner stopped: ${(error as Error).message}`)
  process.exit(1)
})
