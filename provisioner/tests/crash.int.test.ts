/**
 * The provisioner as a real process (`node src/main.ts`): crash recovery at every provision step,
 * graceful shutdown, leases against a frozen process, and the gateway it can host.
 *
 * Crash recovery: the provisioner runs as a real process (`node src/main.ts`), is frozen at a
 * step boundary of a provision (LYCEUM_TEST_PAUSE_AT=<step>:<started|finished>), killed with
 * SIGKILL there, and restarted. The restarted one must release the dead one's job at once (same
 * host, dead pid), resume the run, and reach the same end state with no duplicate: exactly one
 * live instance, one DNS record, one unrevoked key, the school active, one welcome mail.
 *
 * `started`: the step is recorded as running, nothing done yet. `finished`: the step did its work
 * (and its own bookkeeping in provisioner.tenant_state) but the run does not say so, so the
 * restarted run does it again and must find what it made. (A kill inside `send-welcome`, between
 * the SMTP send and the write of `welcome_sent_at`, would send the mail twice: at-least-once, by
 * design; the hooks sit at step boundaries and do not reach inside.)
 */
import { randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { listMessages, type MailCatcher, startMailCatcher } from '@lyceum/mail/catcher'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalDriver } from '../src/drivers/local/driver.ts'
import { findMarkedProcesses } from '../src/drivers/local/processes.ts'
import { requestLifecycle, tenantJobs } from '../src/engine/queue.ts'
import { PROVISION_PLAN } from '../src/engine/steps.ts'
import { liveKeysOf, runsOf, startTestCms, type TestCms, tenantBySlug } from './support/cms.ts'
import { FIXTURE_SERVER, killMarked, removeDataDir, tempDataDir, waitFor } from './support/local.ts'
import { killAllProvisioners, type ProvisionerProcess, startProvisioner } from './support/process.ts'

let t: TestCms
let catcher: MailCatcher
let dataDir: string
let driverId = ''

beforeAll(async () => {
  ;[t, catcher, dataDir] = await Promise.all([
    startTestCms(),
    startMailCatcher({ smtpPort: 0, webPort: 0 }),
    tempDataDir('lyceum-crash-'),
  ])
  // The driver id is derived from the data directory; open and close once to learn it.
  const probe = await createLocalDriver({
    dataDir,
    serverPath: FIXTURE_SERVER,
    rootDomain: 'localhost',
    log: () => {},
  })
  driverId = probe.driverId
  await probe.close()
}, 120_000)

afterAll(async () => {
  killAllProvisioners()
  await catcher?.stop()
  await t?.close()
  if (dataDir) {
    await killMarked(driverId)
    await removeDataDir(dataDir)
  }
})

function provisionerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: t.server.databaseUrl,
    LYCEUM_CMS_URL: t.server.baseUrl,
    LYCEUM_PLATFORM_KEY: t.platformKey,
    LYCEUM_DATA_DIR: dataDir,
    LYCEUM_TENANT_APP_SERVER: FIXTURE_SERVER,
    LYCEUM_TENANT_ENV_PASSTHROUGH: 'FIXTURE_CHECK_CMS',
    FIXTURE_CHECK_CMS: '1',
    LYCEUM_SMTP_URL: catcher.smtpUrl,
    LYCEUM_MAIL_FROM: 'Lyceum <no-reply@lyceum.test>',
    LYCEUM_POLL_INTERVAL_MS: '200',
    LYCEUM_HEARTBEAT_MS: '500',
    LYCEUM_STALE_AFTER_MS: '3000',
    LYCEUM_RECONCILE_SECONDS: '0',
    LYCEUM_LOG_LEVEL: 'debug',
    ...extra,
  }
  return env
}

/** A pending school with one admin (so the welcome mail has a recipient). */
async function schoolWithAdmin(label: string) {
  const slug = `crash-${label}-${randomBytes(2).toString('hex')}`
  const tenant = await t.cms.create('tenants', {
    name: `Crash ${label}`,
    slug,
    status: 'pending',
    locale: 'en',
  })
  const email = `admin@${slug}.example`
  await t.cms.create('users', {
    email,
    password: `pw-${randomBytes(8).toString('hex')}`,
    name: 'Admin',
    memberships: [{ tenant: tenant.id, role: 'admin' }],
  })
  return { tenant, email }
}

const POINTS = PROVISION_PLAN.flatMap((step) => [`${step}:started`, `${step}:finished`])

describe('kill -9 at every step of a provision', () => {
  let current: ProvisionerProcess | undefined

  it.each(POINTS)(
    'killed at %s: resumes to one instance, record and key, active',
    async (point) => {
      const [step, phase] = point.split(':')
      const { tenant, email } = await schoolWithAdmin(`${PROVISION_PLAN.indexOf(step as never)}${phase?.[0]}`)
      const slug = tenant.slug

      const doomed = await startProvisioner(provisionerEnv({ LYCEUM_TEST_PAUSE_AT: point }))
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
      await doomed.waitForLine(new RegExp(`^PAUSED ${point} ${slug}$`))
      const before = ((await findMarkedProcesses(driverId)) ?? []).filter((p) => p.slug === slug)
      await doomed.kill9()
      // The job is still locked by the dead process.
      expect((await tenantJobs(t.pool, tenant.id)).map((j) => j.locked)).toEqual([true])

      const restarted = await startProvisioner(provisionerEnv())
      current = restarted
      const run = await waitFor(
        `the provision of ${slug} to finish`,
        async () => {
          const [latest] = (await runsOf(t.cms, tenant.id)).slice(-1)
          return latest && (latest.status === 'succeeded' || latest.status === 'failed') ? latest : undefined
        },
        30_000,
        150,
      )
      expect(restarted.lines.join('\n')).toMatch(/released the jobs of dead worker pool/)
      expect(run.status).toBe('succeeded')
      expect(run.attempts).toBe(2)
      expect(await runsOf(t.cms, tenant.id)).toHaveLength(1)
      // The interrupted step shows as such, and was done again on attempt 2.
      const entries = (run.steps ?? []).filter((s) => s.step === step).map((s) => `${s.status}:${s.attempt}`)
      expect(entries[0]).toBe('failed:1')
      expect((run.steps ?? []).find((s) => s.step === step && s.status === 'failed')?.message).toBe(
        'interrupted: the worker was lost',
      )
      expect(entries.at(-1)).toMatch(/^(succeeded|skipped):2$/)

      // One of everything.
      const school = await tenantBySlug(t.cms, slug)
      expect(school.status).toBe('active')
      const live = ((await findMarkedProcesses(driverId)) ?? []).filter((p) => p.slug === slug)
      expect(live).toHaveLength(1)
      const keys = await liveKeysOf(t.cms, tenant.id)
      expect(keys).toHaveLength(1)
      const allKeys = (await t.cms.find('service-keys', { where: { tenant: { equals: tenant.id } } })).docs
      expect(allKeys).toHaveLength(1) // not even a revoked duplicate
      const port = live[0]?.port ?? 0
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(health.status).toBe(200) // the instance's key is the live one
      // An instance that was already running when the provisioner died was adopted, not restarted.
      if (before.length === 1) expect(live[0]?.pid).toBe(before[0]?.pid)

      await restarted.stop()
      current = undefined
      // The DNS record store and mails, read after the provisioner released the data directory.
      const driver = await createLocalDriver({
        dataDir,
        serverPath: FIXTURE_SERVER,
        rootDomain: 'localhost',
        log: () => {},
      })
      try {
        expect((await driver.list()).dnsRecords.filter((r) => r.slug === slug)).toHaveLength(1)
        expect(driver.adoption.restarted).toEqual([])
      } finally {
        await driver.close()
      }
      const mails = (await listMessages(catcher.webUrl)).filter((m) => m.to.includes(email))
      expect(mails).toHaveLength(1)
    },
    90_000,
  )

  afterAll(async () => {
    await current?.stop()
  })
})

describe('kill -9 during a deprovision', () => {
  const points = ['destroy-instance:finished', 'revoke-credential:finished', 'export-data:started']
  it.each(points)(
    'killed at %s: resumes to nothing left but one export',
    async (point) => {
      const { tenant } = await schoolWithAdmin(`d${points.indexOf(point)}`)
      const slug = tenant.slug
      const first = await startProvisioner(provisionerEnv())
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
      await waitFor('active', async () => (await tenantBySlug(t.cms, slug)).status === 'active', 30_000)
      await first.stop()

      const doomed = await startProvisioner(provisionerEnv({ LYCEUM_TEST_PAUSE_AT: point }))
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'deprovision', reason: 'Canceled' })
      await doomed.waitForLine(new RegExp(`^PAUSED ${point} ${slug}$`))
      await doomed.kill9()
      const restarted = await startProvisioner(provisionerEnv())
      try {
        const run = await waitFor(
          `the deprovision of ${slug}`,
          async () => {
            const latest = (await runsOf(t.cms, tenant.id)).at(-1)
            return latest?.action === 'deprovision' && latest.status === 'succeeded' ? latest : undefined
          },
          30_000,
          150,
        )
        expect(run.attempts).toBe(2)
        expect(await tenantBySlug(t.cms, slug)).toMatchObject({
          status: 'deprovisioned',
          statusReason: 'Canceled',
        })
        expect(((await findMarkedProcesses(driverId)) ?? []).filter((p) => p.slug === slug)).toEqual([])
        expect(await liveKeysOf(t.cms, tenant.id)).toEqual([])
        const exports = (await readdir(path.join(dataDir, 'exports'))).filter((name) =>
          name.startsWith(`${slug}-`),
        )
        expect(exports).toHaveLength(1)
        expect(exports[0]).toMatch(/\.tar\.gz$/)
      } finally {
        await restarted.stop()
      }
      const driver = await createLocalDriver({
        dataDir,
        serverPath: FIXTURE_SERVER,
        rootDomain: 'localhost',
        log: () => {},
      })
      try {
        const actual = await driver.list()
        expect(actual.instances.filter((i) => i.slug === slug)).toEqual([])
        expect(actual.dnsRecords.filter((r) => r.slug === slug)).toEqual([])
      } finally {
        await driver.close()
      }
    },
    90_000,
  )
})

describe('graceful shutdown', () => {
  it('stops on SIGTERM with exit code 0 and leaves instances running for the next start', async () => {
    const proc = await startProvisioner(provisionerEnv())
    const before = (await findMarkedProcesses(driverId)) ?? []
    expect(await proc.stop()).toBe(0)
    expect(proc.lines.join('\n')).toMatch(/SIGTERM: stopping/)
    const after = (await findMarkedProcesses(driverId)) ?? []
    expect(after.map((p) => p.pid).sort()).toEqual(before.map((p) => p.pid).sort())
    const { rows } = await t.pool.query('select count(*)::int as n from provisioner.workers')
    expect(rows[0]).toEqual({ n: 0 })
  })
})

describe('leases', () => {
  it('gives a frozen provisioner’s job to another after the stale delay; thawed, it abandons the run', async () => {
    const { tenant } = await schoolWithAdmin('frozen')
    const frozenDir = await tempDataDir('lyceum-frozen-')
    const frozen = await startProvisioner(
      provisionerEnv({
        LYCEUM_DATA_DIR: frozenDir,
        LYCEUM_TEST_PAUSE_AT: 'ensure-dns:finished',
        LYCEUM_TEST_PAUSE_MS: '5000',
      }),
    )
    let successor: ProvisionerProcess | undefined
    try {
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
      await frozen.waitForLine(/^PAUSED ensure-dns:finished /)
      process.kill(frozen.pid, 'SIGSTOP') // no heartbeat from now on, but alive (same host, pid exists)
      const frozenAt = Date.now()

      successor = await startProvisioner(provisionerEnv())
      const run = await waitFor(
        'the successor to finish the run',
        async () => {
          const [only] = await runsOf(t.cms, tenant.id)
          return only?.status === 'succeeded' ? only : undefined
        },
        30_000,
        100,
      )
      const tookOver = Date.now() - frozenAt
      expect(tookOver).toBeGreaterThanOrEqual(3_000) // LYCEUM_STALE_AFTER_MS, not 4 hours
      expect(tookOver).toBeLessThan(15_000)
      expect(run.attempts).toBe(2)

      process.kill(frozen.pid, 'SIGCONT')
      await frozen.waitForLine(/abandoned at ensure-dns, the job was taken over/, 15_000)
      await frozen.waitForLine(/lost its lease .* re-registering/, 15_000)
      // Nothing the frozen worker did after thawing reached the run.
      const [after] = await runsOf(t.cms, tenant.id)
      expect(after?.updatedAt).toBe(run.updatedAt)
      expect(after?.status).toBe('succeeded')
      expect((await tenantBySlug(t.cms, tenant.slug)).status).toBe('active')
    } finally {
      await successor?.stop()
      await frozen.stop()
      const other = await createLocalDriver({
        dataDir: frozenDir,
        serverPath: FIXTURE_SERVER,
        rootDomain: 'localhost',
        log: () => {},
      })
      await other.close()
      await removeDataDir(frozenDir, other.driverId)
    }
  }, 90_000)
})

describe('the gateway in the provisioner process', () => {
  it('routes a school, lets it fall asleep when idle, and wakes it on the next request', async () => {
    const hub = t.server.baseUrl.replace('http://', '')
    const proc = await startProvisioner(
      provisionerEnv({
        LYCEUM_GATEWAY_PORT: '0',
        LYCEUM_GATEWAY_HUB: hub,
        LYCEUM_GATEWAY_CMS: hub,
        LYCEUM_IDLE_MINUTES: '0.02', // 1.2 s
      }),
    )
    try {
      const port = Number((await proc.waitForLine(/gateway listening on/)).match(/:(\d+)\s*$/)?.[1])
      const { tenant } = await schoolWithAdmin('gw')
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
      await waitFor(
        'active',
        async () => (await tenantBySlug(t.cms, tenant.slug)).status === 'active',
        30_000,
      )
      const host = `${tenant.slug}.localhost:${port}`
      const first = await viaGateway(port, host)
      expect(first).toEqual({ status: 200, body: `hello from ${tenant.slug}\n` })

      await waitFor(
        'the school to fall asleep',
        async () => ((await findMarkedProcesses(driverId)) ?? []).every((p) => p.slug !== tenant.slug),
        15_000,
      )
      const woken = await viaGateway(port, host)
      expect(woken).toEqual({ status: 200, body: `hello from ${tenant.slug}\n` })
      expect(
        ((await findMarkedProcesses(driverId)) ?? []).filter((p) => p.slug === tenant.slug),
      ).toHaveLength(1)

      // A suspended school gets the gateway's page, not its instance.
      await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'suspend' })
      await waitFor('suspended', async () => (await tenantBySlug(t.cms, tenant.slug)).status === 'suspended')
      await new Promise((resolve) => setTimeout(resolve, 2_100)) // the route cache (2 s)
      const suspended = await viaGateway(port, host)
      expect(suspended.status).toBe(503)
    } finally {
      await proc.stop()
    }
  }, 90_000)
})

/** GET / through the gateway with a Host header (Node's fetch cannot send one). */
function viaGateway(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

describe('shutdown under npm start', () => {
  it('puts every running instance to sleep on SIGTERM when LYCEUM_STOP_INSTANCES_ON_EXIT=true', async () => {
    const { tenant } = await schoolWithAdmin('sleepy')
    const proc = await startProvisioner(provisionerEnv({ LYCEUM_STOP_INSTANCES_ON_EXIT: 'true' }))
    await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
    await expect
      .poll(async () => (await tenantBySlug(t.cms, tenant.slug)).status, { timeout: 60_000 })
      .toBe('active')
    expect(((await findMarkedProcesses(driverId)) ?? []).length).toBeGreaterThan(0)
    expect(await proc.stop()).toBe(0)
    expect(proc.lines.join('\n')).toMatch(/SIGTERM: stopping with the schools’ instances/)
    expect((await findMarkedProcesses(driverId)) ?? []).toEqual([])
  }, 90_000)
})
