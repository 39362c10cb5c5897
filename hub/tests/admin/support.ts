/**
 * The console tests' world: the real cms (production build, demo seed: plans, Northwind and
 * Lumière with an admin, an instructor and a learner each, and the super-admin) on a fresh
 * database, a platform key, and the hub's production build with DATABASE_URL (so its actions
 * can queue lifecycle jobs in that database's graphile-worker schema).
 */
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { type CmsServer, mintPlatformKey, startCmsServer } from '@lyceum/testing/cms'
import pg from 'pg'
import { SUPER_ADMIN, Visitor } from '../accounts/support.ts'
import { type RunningHub, startHub } from '../support/hub-server.ts'

export const DEMO_PASSWORD = 'lyceum-demo-2026'

/** Who tries the console, and with which seeded account (null: signed out). */
export const ROLES = {
  'signed out': null,
  learner: 'learner@northwind.example',
  instructor: 'instructor@northwind.example',
  'school admin': 'admin@northwind.example',
  "another school's owner": 'admin@lumiere.example',
  'super-admin': SUPER_ADMIN.email,
} as const
export type Role = keyof typeof ROLES

export type ConsoleWorld = {
  cms: CmsServer
  platform: CmsClient
  platformKey: string
  pool: pg.Pool
  hub: RunningHub
  close(): Promise<void>
}

export async function startConsoleWorld(extraEnv: Record<string, string> = {}): Promise<ConsoleWorld> {
  const cms = await startCmsServer({ seed: true })
  const anonymous = createCmsClient({ baseUrl: cms.baseUrl, timeoutMs: 30_000 })
  const platformKey = await mintPlatformKey(cms, 'hub console tests')
  const hub = await startHub({
    LYCEUM_CMS_URL: cms.baseUrl,
    LYCEUM_PLATFORM_KEY: platformKey,
    LYCEUM_ROOT_DOMAIN: 'lyceum.test',
    // A test domain with no provider keys: the sandbox has to be asked for.
    LYCEUM_BILLING_SANDBOX: 'on',
    LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
    DATABASE_URL: cms.databaseUrl,
    ...extraEnv,
  })
  const pool = new pg.Pool({ connectionString: cms.databaseUrl, max: 4 })
  // graphile-worker (the engine in the browser test) wants both handlers.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return {
    cms,
    platform: anonymous.withAuth({ apiKey: platformKey }),
    platformKey,
    pool,
    hub,
    async close() {
      await hub.stop()
      await pool.end()
      await cms.close()
    },
  }
}

/** A visitor signed in through the hub's own /login as `role`'s seeded account. */
export async function visitorAs(world: ConsoleWorld, role: Role): Promise<Visitor> {
  const visitor = new Visitor(world.hub.url)
  const email = ROLES[role]
  if (email === null) return visitor
  const login = await visitor.post('/login', { email, password: DEMO_PASSWORD })
  if (login.status !== 303 || !visitor.cookies.has('lyceum_session')) {
    throw new Error(`signing in ${email} answered ${login.status}: ${login.body.slice(0, 300)}`)
  }
  return visitor
}

// graphile-worker's public `jobs` view has no payload: read its private tables (tests only).
const JOBS_OF_TASK = `select jobs.payload from graphile_worker._private_jobs jobs
  join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id where tasks.identifier = $1`

/** The lifecycle jobs queued in graphile-worker, as `<action>:<tenantId>`. */
export async function lifecycleJobs(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ payload: { action: string; tenantId: string } }>(
    `${JOBS_OF_TASK} order by jobs.id`,
    ['lyceum_lifecycle'],
  )
  return rows.map((row) => `${row.payload.action}:${row.payload.tenantId}`)
}

/** The billing jobs queued in graphile-worker, as their inbox row ids. */
export async function billingJobs(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ payload: { inboxId: string } }>(`${JOBS_OF_TASK} order by jobs.id`, [
    'lyceum_billing_event',
  ])
  return rows.map((row) => row.payload.inboxId)
}

/** The console's entries in the audit log (`admin.*`), as `<action> <target>`. */
export async function consoleAudit(platform: CmsClient): Promise<string[]> {
  const { docs } = await platform.find('audit-log', {
    where: { action: { like: 'admin.' } },
    sort: 'at',
    limit: 0,
  })
  return docs.filter((d) => d.action.startsWith('admin.')).map((d) => `${d.action} ${d.target}`)
}
