/**
 * The lifecycle engine against the real cms (production build, seeded), real PostgreSQL
 * (graphile-worker), real SMTP (MailDev) and real instance processes (the fixture server, which
 * checks its cms key on /healthz).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { ProvisioningRun } from '@lyceum/cms-client/payload-types'
import { createMailer, type Mailer } from '@lyceum/mail'
import { listMessages, type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findMarkedProcesses } from '../src/drivers/local/processes.ts'
import { findAll } from '../src/engine/cms.ts'
import { loadTenantState, saveTenantState } from '../src/engine/db.ts'
import { cancelLifecycle, requestLifecycle, tenantJobs } from '../src/engine/queue.ts'
import { DEPROVISION_PLAN, PROVISION_PLAN, RESUME_PLAN, SUSPEND_PLAN } from '../src/engine/steps.ts'
import { createSchool, liveKeysOf, runsOf, startTestCms, type TestCms, tenantBySlug } from './support/cms.ts'
import { startTestEngine, type TestEngine } from './support/engine.ts'
import { getJson, removeDataDir, tempDataDir, waitFor } from './support/local.ts'

let t: TestCms
let te: TestEngine
let catcher: MailCatcher
let mailer: Mailer
let dataDir: string

beforeAll(async () => {
  ;[t, catcher, dataDir] = await Promise.all([
    startTestCms(),
    startMailCatcher({ smtpPort: 0, webPort: 0 }),
    tempDataDir(),
  ])
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <no-reply@lyceum.test>' })
  te = await startTestEngine({ cms: t, dataDir, mailer, config: { retentionMs: 4_000 } })
}, 120_000)

afterAll(async () => {
  await te?.stop()
  mailer?.close()
  await catcher?.stop()
  await t?.close()
  if (dataDir) await removeDataDir(dataDir, te?.local.driverId)
})

/** Waits until the school's latest run of `action` is finished; returns it. */
async function finishedRun(
  tenantId: string,
  action: ProvisioningRun['action'],
  count = 1,
  timeoutMs = 30_000,
) {
  return waitFor(
    `${count} finished ${action} run(s) of ${tenantId}`,
    async () => {
      const runs = (await runsOf(t.cms, tenantId)).filter((r) => r.action === action)
      const finished = runs.filter((r) => r.status === 'succeeded' || r.status === 'failed')
      return finished.length >= count ? finished[count - 1] : undefined
    },
    timeoutMs,
    150,
  )
}

const stepsOf = (run: ProvisioningRun) => (run.steps ?? []).map((s) => `${s.step}:${s.status}:${s.attempt}`)

async function instanceOf(slug: string) {
  const info = await te.local.inspect(slug)
  const processes = ((await findMarkedProcesses(te.local.driverId)) ?? []).filter((p) => p.slug === slug)
  return { info, processes }
}

async function provisioned(slug: string) {
  const tenant = await createSchool(t.cms, slug)
  await requestLifecycle(t.pool, { tenantId: tenant.id, action: 'provision' })
  const run = await finishedRun(tenant.id, 'provision')
  expect(run.status).toBe('succeeded')
  return tenant
}

describe('provision', () => {
  it('takes a seeded school from pending to active, with one key, record, instance and welcome mail', async () => {
    const school = await tenantBySlug(t.cms, 'northwind')
    expect(school.status).toBe('pending')
    const queued = await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    expect(queued).toMatchObject({
      jobKey: `lifecycle:${school.id}:provision`,
      queueName: `tenant:${school.id}`,
    })

    const run = await finishedRun(school.id, 'provision')
    expect(run.status).toBe('succeeded')
    expect(run.attempts).toBe(1)
    expect(run.error ?? null).toBeNull()
    expect(stepsOf(run)).toEqual(PROVISION_PLAN.map((s) => `${s}:succeeded:1`))
    expect(run.startedAt).toBeTruthy()
    expect(Date.parse(run.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(run.startedAt ?? ''))
    for (const step of run.steps ?? []) expect(step.finishedAt).toBeTruthy()

    const tenant = await tenantBySlug(t.cms, 'northwind')
    expect(tenant.status).toBe('active')
    expect(tenant.statusReason ?? null).toBeNull()
    // pending → provisioning → active, as the cms audited it.
    const audit = await findAll(t.cms, 'audit-log', {
      where: {
        and: [{ target: { equals: `tenants:${school.id}` } }, { action: { equals: 'tenant.updated' } }],
      },
      sort: 'at',
    })
    const transitions = audit.flatMap((entry) => {
      const status = (entry.details as { status?: { from: string; to: string } } | null)?.status
      return status ? [`${status.from}→${status.to}`] : []
    })
    expect(transitions).toEqual(['pending→provisioning', 'provisioning→active'])

    const keys = await liveKeysOf(t.cms, school.id)
    expect(keys).toHaveLength(1)
    const { info, processes } = await instanceOf('northwind')
    expect(info?.state).toBe('running')
    expect(processes).toHaveLength(1)
    const actual = await te.local.list()
    expect(actual.dnsRecords.filter((r) => r.slug === 'northwind')).toEqual([
      expect.objectContaining({ hostname: 'northwind.localhost' }),
    ])
    const port = info?.target?.port ?? 0
    const health = await getJson<{ status: string; tenant: string }>(port, '/healthz')
    expect(health).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', tenant: 'northwind' }),
    })
    const env = (await getJson<Record<string, string>>(port, '/env')).body
    const state = await loadTenantState(t.pool, school.id, 'northwind')
    expect(env).toMatchObject({
      LYCEUM_TENANT_SLUG: 'northwind',
      LYCEUM_CMS_URL: t.server.baseUrl,
      LYCEUM_TENANT_API_KEY: state.keySecret,
      LYCEUM_PUBLIC_URL: 'http://northwind.localhost:8080',
      LYCEUM_LOCALE: 'en',
    })
    expect(state.keyId).toBe(keys[0]?.id)

    const mail = await waitForMessage(catcher.webUrl, { to: 'admin@northwind.example' })
    expect(mail.subject).toContain('Northwind Academy')
    expect(mail.text).toContain('http://northwind.localhost:8080')

    // Provisioning again changes nothing: same key, same process, no second mail.
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    const again = await finishedRun(school.id, 'provision', 2)
    expect(again.status).toBe('succeeded')
    const byStep = Object.fromEntries((again.steps ?? []).map((s) => [s.step, s.status]))
    expect(byStep).toMatchObject({
      'mark-provisioning': 'skipped',
      'mint-credential': 'skipped',
      'mark-active': 'skipped',
      'send-welcome': 'skipped',
    })
    expect(await liveKeysOf(t.cms, school.id)).toHaveLength(1)
    const after = await instanceOf('northwind')
    expect(after.processes.map((p) => p.pid)).toEqual(processes.map((p) => p.pid))
    const mails = (await listMessages(catcher.webUrl)).filter((m) => m.to.includes('admin@northwind.example'))
    expect(mails).toHaveLength(1)
  })

  it('collapses duplicate requests into one job and one run', async () => {
    const school = await createSchool(t.cms, 'dup')
    const runAt = new Date(Date.now() + 1_500)
    const requests = await Promise.all(
      [1, 2, 3].map(() => requestLifecycle(t.pool, { tenantId: school.id, action: 'provision', runAt })),
    )
    expect(new Set(requests.map((r) => r.jobId)).size).toBe(1)
    expect(await tenantJobs(t.pool, school.id)).toHaveLength(1)
    const run = await finishedRun(school.id, 'provision')
    expect(run.status).toBe('succeeded')
    expect(await runsOf(t.cms, school.id)).toHaveLength(1)
    expect(await liveKeysOf(t.cms, school.id)).toHaveLength(1)
  })

  it('runs two schools in parallel and one school’s runs one after the other', async () => {
    const [a, b] = await Promise.all([createSchool(t.cms, 'para'), createSchool(t.cms, 'parb')])
    te.faults.delay('deploy', a.slug, 1_500)
    te.faults.delay('deploy', b.slug, 1_500)
    await Promise.all([
      requestLifecycle(t.pool, { tenantId: a.id, action: 'provision' }),
      requestLifecycle(t.pool, { tenantId: b.id, action: 'provision' }),
    ])
    // Once A's provision runs, a suspend of A queues behind it (a running job is never superseded).
    await waitFor('A to run', async () => (await runsOf(t.cms, a.id))[0]?.status === 'running')
    await requestLifecycle(t.pool, { tenantId: a.id, action: 'suspend', reason: 'test' })
    const [provA, provB, suspendA] = await Promise.all([
      finishedRun(a.id, 'provision'),
      finishedRun(b.id, 'provision'),
      finishedRun(a.id, 'suspend'),
    ])
    expect([provA.status, provB.status, suspendA.status]).toEqual(['succeeded', 'succeeded', 'succeeded'])
    const span = (r: ProvisioningRun) =>
      [Date.parse(r.startedAt ?? ''), Date.parse(r.finishedAt ?? '')] as const
    const [aStart, aEnd] = span(provA)
    const [bStart, bEnd] = span(provB)
    expect(aStart < bEnd && bStart < aEnd).toBe(true) // overlapped
    expect(span(suspendA)[0]).toBeGreaterThanOrEqual(aEnd) // serialized
    expect(te.faults.peak.perSlug.get(a.slug)).toBe(1)
    expect(te.faults.peak.overall).toBeGreaterThanOrEqual(2)
    expect((await tenantBySlug(t.cms, a.slug)).status).toBe('suspended')
    expect((await tenantBySlug(t.cms, b.slug)).status).toBe('active')
  })
})

describe('retries and failure', () => {
  it('retries a failing step with backoff; past the attempts the school fails with the reason', async () => {
    const [flaky, broken] = await Promise.all([createSchool(t.cms, 'flaky'), createSchool(t.cms, 'broken')])
    te.faults.fail('ensureDns', flaky.slug, 2)
    te.faults.fail('deploy', broken.slug, 99)
    await Promise.all([
      requestLifecycle(t.pool, { tenantId: flaky.id, action: 'provision' }),
      requestLifecycle(t.pool, { tenantId: broken.id, action: 'provision' }),
    ])
    const [ok, failed] = await Promise.all([
      finishedRun(flaky.id, 'provision', 1, 40_000),
      finishedRun(broken.id, 'provision', 1, 40_000),
    ])

    expect(ok.status).toBe('succeeded')
    expect(ok.attempts).toBe(3)
    const dns = (ok.steps ?? []).filter((s) => s.step === 'ensure-dns')
    expect(dns.map((s) => `${s.status}:${s.attempt}`)).toEqual(['failed:1', 'failed:2', 'succeeded:3'])
    expect(dns[0]?.message).toBe('Injected ensureDns failure')
    // graphile-worker's backoff: exp(1) ≈ 2.7 s after the first failure, exp(2) ≈ 7.4 s after the second.
    const gap = (i: number) => Date.parse(dns[i + 1]?.startedAt ?? '') - Date.parse(dns[i]?.finishedAt ?? '')
    expect(gap(0)).toBeGreaterThanOrEqual(2_000)
    expect(gap(1)).toBeGreaterThanOrEqual(6_500)
    // Steps that succeeded before the failure are not repeated.
    expect((ok.steps ?? []).filter((s) => s.step === 'mint-credential')).toHaveLength(1)
    expect((await tenantBySlug(t.cms, flaky.slug)).status).toBe('active')

    expect(failed.status).toBe('failed')
    expect(failed.attempts).toBe(3)
    expect(failed.error).toBe('Injected deploy failure')
    expect((failed.steps ?? []).filter((s) => s.step === 'deploy').map((s) => s.status)).toEqual([
      'failed',
      'failed',
      'failed',
    ])
    const school = await tenantBySlug(t.cms, broken.slug)
    expect(school.status).toBe('failed')
    expect(school.statusReason).toBe('provision failed at deploy after 3 attempt(s): Injected deploy failure')
    expect(await tenantJobs(t.pool, broken.id)).toEqual([])
  }, 60_000)
})

describe('latest request wins', () => {
  it('a suspend replaces a provision waiting for its retry, and closes its run as superseded', async () => {
    const school = await createSchool(t.cms, 'latest')
    te.faults.fail('ensureDns', school.slug, 99)
    // A connection string works as well as a pool (a pool is opened for the call).
    await requestLifecycle(t.server.databaseUrl, { tenantId: school.id, action: 'provision' })
    await waitFor('the first attempt to fail', async () => {
      const [job] = await tenantJobs(t.pool, school.id)
      return job && !job.locked && job.attempts === 1
    })
    const suspend = await requestLifecycle(t.pool, {
      tenantId: school.id,
      action: 'suspend',
      reason: 'Unpaid',
    })
    expect(suspend.superseded).toBe(1)
    const run = await finishedRun(school.id, 'suspend')
    expect(run.status).toBe('succeeded')
    const [provision] = await runsOf(t.cms, school.id)
    expect(provision).toMatchObject({
      action: 'provision',
      status: 'failed',
      error: 'superseded by a later request for this school',
    })
    expect(await tenantBySlug(t.cms, school.slug)).toMatchObject({
      status: 'suspended',
      statusReason: 'Unpaid',
    })
    expect(await tenantJobs(t.pool, school.id)).toEqual([])
  })

  it('keeps requests scheduled for later, until cancelled', async () => {
    const school = await createSchool(t.cms, 'sched')
    const later = new Date(Date.now() + 3_600_000)
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'deprovision', runAt: later })
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    await finishedRun(school.id, 'provision')
    const jobs = await tenantJobs(t.pool, school.id)
    expect(jobs.map((j) => j.key)).toEqual([`lifecycle:${school.id}:deprovision`])
    expect(jobs[0]?.runAt.getTime()).toBe(later.getTime())
    expect(await cancelLifecycle(t.pool, { tenantId: school.id, action: 'deprovision' })).toBe(true)
    expect(await cancelLifecycle(t.pool, { tenantId: school.id, action: 'deprovision' })).toBe(false)
    expect(await tenantJobs(t.pool, school.id)).toEqual([])
  })
})

describe('suspend and resume', () => {
  it('stops a school and starts it again; resume is a no-op on a running school', async () => {
    const school = await provisioned('pause')
    const before = await instanceOf(school.slug)

    await requestLifecycle(t.pool, { tenantId: school.id, action: 'suspend', reason: 'Payment failed' })
    const suspended = await finishedRun(school.id, 'suspend')
    expect(stepsOf(suspended)).toEqual(SUSPEND_PLAN.map((s) => `${s}:succeeded:1`))
    expect(await tenantBySlug(t.cms, school.slug)).toMatchObject({
      status: 'suspended',
      statusReason: 'Payment failed',
    })
    const stopped = await instanceOf(school.slug)
    expect(stopped.info?.state).toBe('stopped')
    expect(stopped.processes).toEqual([])
    // The record stays: the edge keeps answering with the suspended page.
    expect((await te.local.list()).dnsRecords.some((r) => r.slug === school.slug)).toBe(true)

    await requestLifecycle(t.pool, { tenantId: school.id, action: 'resume' })
    const resumed = await finishedRun(school.id, 'resume')
    expect(stepsOf(resumed)).toEqual(RESUME_PLAN.map((s) => `${s}:succeeded:1`))
    expect(await tenantBySlug(t.cms, school.slug)).toMatchObject({ status: 'active' })
    const running = await instanceOf(school.slug)
    expect(running.processes).toHaveLength(1)
    expect(running.processes[0]?.pid).not.toBe(before.processes[0]?.pid)
    expect((await te.local.health(school.slug)).ok).toBe(true)

    await requestLifecycle(t.pool, { tenantId: school.id, action: 'resume' })
    const noop = await finishedRun(school.id, 'resume', 2)
    expect(noop.status).toBe('succeeded')
    expect((await instanceOf(school.slug)).processes.map((p) => p.pid)).toEqual(
      running.processes.map((p) => p.pid),
    )
    expect(Object.fromEntries((noop.steps ?? []).map((s) => [s.step, s.status]))).toMatchObject({
      'mark-active': 'skipped',
    })
  })

  it('provisions a never-provisioned school on resume', async () => {
    const school = await createSchool(t.cms, 'never')
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'resume' })
    const run = await finishedRun(school.id, 'resume')
    expect(stepsOf(run)).toEqual(
      PROVISION_PLAN.map((s) => `${s}:${s === 'send-welcome' ? 'skipped' : 'succeeded'}:1`),
    )
    expect((await tenantBySlug(t.cms, school.slug)).status).toBe('active')
  })

  it('refuses to resume a deprovisioned school and leaves its status alone', async () => {
    const school = await createSchool(t.cms, 'refuse')
    await t.cms.update('tenants', school.id, { status: 'deprovisioned' })
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'resume' })
    const run = await finishedRun(school.id, 'resume')
    expect(run.status).toBe('failed')
    expect(run.error).toBe('refused: the school is deprovisioned: reprovision it instead')
    expect((await tenantBySlug(t.cms, school.slug)).status).toBe('deprovisioned')
  })
})

describe('deprovision', () => {
  it('is harmless three times in a row, exports the data once, then purges after the retention', async () => {
    const lumiere = await tenantBySlug(t.cms, 'lumiere')
    await requestLifecycle(t.pool, { tenantId: lumiere.id, action: 'provision' })
    expect((await finishedRun(lumiere.id, 'provision')).status).toBe('succeeded')
    const coursesBefore = await t.cms.count('courses', { where: { tenant: { equals: lumiere.id } } })
    expect(coursesBefore).toBeGreaterThan(0)

    for (let n = 1; n <= 3; n++) {
      await requestLifecycle(t.pool, {
        tenantId: lumiere.id,
        action: 'deprovision',
        reason: 'Subscription ended',
      })
      const run = await finishedRun(lumiere.id, 'deprovision', n)
      expect(run.status).toBe('succeeded')
      if (n === 1) expect(stepsOf(run)).toEqual(DEPROVISION_PLAN.map((s) => `${s}:succeeded:1`))
      else {
        expect(Object.fromEntries((run.steps ?? []).map((s) => [s.step, s.status]))).toEqual({
          'destroy-instance': 'skipped',
          'revoke-credential': 'skipped',
          'export-data': 'skipped',
          'schedule-purge': 'succeeded',
          'mark-deprovisioned': 'skipped',
        })
      }
      expect(await tenantBySlug(t.cms, 'lumiere')).toMatchObject({
        status: 'deprovisioned',
        statusReason: 'Subscription ended',
      })
      expect(await te.local.inspect('lumiere')).toBeNull()
      expect((await instanceOf('lumiere')).processes).toEqual([])
      expect((await te.local.list()).dnsRecords.some((r) => r.slug === 'lumiere')).toBe(false)
      expect(await liveKeysOf(t.cms, lumiere.id)).toEqual([])
    }

    const state = await loadTenantState(t.pool, lumiere.id, 'lumiere')
    expect(state.keySecret).toBeNull()
    const archive = state.exportPath ?? ''
    expect(archive).toMatch(/lumiere-\d{8}T\d{6}Z\.tar\.gz$/)
    expect(existsSync(archive)).toBe(true)
    const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.split('\n')
    for (const entry of [
      './manifest.json',
      './tenant.json',
      './members.json',
      './documents/courses.json',
      './documents/sections.json',
      './documents/lessons.json',
      './documents/enrollments.json',
      './documents/lesson-progress.json',
      './documents/media.json',
    ]) {
      expect(listing).toContain(entry)
    }
    const manifest = JSON.parse(
      spawnSync('tar', ['-xzOf', archive, './manifest.json'], { encoding: 'utf8' }).stdout,
    ) as { format: string; tenant: { slug: string }; collections: Record<string, number> }
    expect(manifest.format).toBe('lyceum-tenant-export')
    expect(manifest.tenant.slug).toBe('lumiere')
    expect(manifest.collections.courses).toBe(coursesBefore)
    expect(manifest.collections.members).toBeGreaterThanOrEqual(3)
    const members = JSON.parse(
      spawnSync('tar', ['-xzOf', archive, './members.json'], { encoding: 'utf8' }).stdout,
    ) as Array<{ email: string; role: string }>
    expect(members).toContainEqual(expect.objectContaining({ email: 'admin@lumiere.example', role: 'admin' }))
    const exports = spawnSync('ls', [te.exportDir], { encoding: 'utf8' }).stdout.trim().split('\n')
    expect(exports.filter((name) => name.startsWith('lumiere-'))).toHaveLength(1)

    // The purge comes after the retention (4 s here) and empties the school.
    await waitFor(
      'the purge',
      async () => (await loadTenantState(t.pool, lumiere.id, 'lumiere')).purgedAt,
      20_000,
      250,
    )
    expect(await t.cms.count('courses', { where: { tenant: { equals: lumiere.id } } })).toBe(0)
    expect(await t.cms.count('lessons', { where: { tenant: { equals: lumiere.id } } })).toBe(0)
    expect(await t.cms.count('users', { where: { 'memberships.tenant': { equals: lumiere.id } } })).toBe(0)
    expect((await tenantBySlug(t.cms, 'lumiere')).status).toBe('deprovisioned')
  }, 60_000)
})

describe('reconcile', () => {
  it('restarts what should run, stops what should not, removes what nobody owns', async () => {
    const live = await provisioned('drift')
    const paused = await provisioned('driftpause')
    await requestLifecycle(t.pool, { tenantId: paused.id, action: 'suspend' })
    await finishedRun(paused.id, 'suspend')

    // Drift behind the engine's back.
    const killed = (await instanceOf(live.slug)).processes[0]?.pid ?? 0
    process.kill(killed, 'SIGKILL')
    await waitFor('the kill', async () => (await te.local.inspect(live.slug))?.state === 'crashed')
    await te.local.start(paused.slug)
    await te.local.removeDns(live.slug)
    await te.local.deploy({ slug: 'ghost', env: { LYCEUM_TENANT_SLUG: 'ghost' } })
    await te.local.ensureDns('ghost')

    const report = await te.engine.reconcile()
    expect(report.removed).toEqual(['ghost: destroy, remove-dns'])
    expect(report.queued).toEqual(
      expect.arrayContaining([`${live.slug}: start, ensure-dns`, `${paused.slug}: stop`]),
    )
    await waitFor('the repairs', async () => {
      const [a, b] = await Promise.all([te.local.inspect(live.slug), te.local.inspect(paused.slug)])
      const dns = (await te.local.list()).dnsRecords.some((r) => r.slug === live.slug)
      return a?.state === 'running' && b?.state === 'stopped' && dns
    })
    expect(await te.local.inspect('ghost')).toBeNull()
    expect((await instanceOf(live.slug)).processes).toHaveLength(1)
    expect((await instanceOf(paused.slug)).processes).toEqual([])
    const quiet = await te.engine.reconcile()
    expect(quiet.queued.filter((q) => q.startsWith(live.slug) || q.startsWith(paused.slug))).toEqual([])
  })
})

describe('minting keys', () => {
  it('mints a working key with the platform key', async () => {
    const school = await createSchool(t.cms, 'mint-ok')
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    expect((await finishedRun(school.id, 'provision')).status).toBe('succeeded')
    expect(await liveKeysOf(t.cms, school.id)).toHaveLength(1)
  })

  it('replaces a recorded key the cms no longer accepts (its secret changed), and redeploys with it', async () => {
    const school = await provisioned('mint-stale')
    const before = await liveKeysOf(t.cms, school.id)
    expect(before).toHaveLength(1)
    // What a cms restarted with another PAYLOAD_SECRET does to every key: the secret no longer matches.
    await saveTenantState(t.pool, school.id, { keySecret: `lyk_${'x'.repeat(32)}` })
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    const again = await finishedRun(school.id, 'provision', 2, 60_000)
    expect(again.status).toBe('succeeded')
    const mint = (again.steps ?? []).find((s) => s.step === 'mint-credential')
    expect(mint?.status).toBe('succeeded')
    const after = await liveKeysOf(t.cms, school.id)
    expect(after).toHaveLength(1)
    expect(after[0]?.id).not.toBe(before[0]?.id)
    const state = await loadTenantState(t.pool, school.id, school.slug)
    expect(state.keySecret).not.toBe(`lyk_${'x'.repeat(32)}`)
    const health = await te.local.health(school.slug)
    expect(health).toMatchObject({ ok: true })
  })

  it('fails the school loudly when the cms drops the key it mints', async () => {
    const school = await createSchool(t.cms, 'mint')
    te.dropKeyFor.add(school.id)
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    const run = await finishedRun(school.id, 'provision')
    expect(run.status).toBe('failed')
    expect(run.attempts).toBe(1) // permanent: not retried
    expect(run.error).toMatch(/without enabling it: the minting credential may not set API keys/)
    const tenant = await tenantBySlug(t.cms, school.slug)
    expect(tenant.status).toBe('failed')
    expect(tenant.statusReason).toMatch(/^provision failed at mint-credential after 1 attempt\(s\)/)
    expect(await liveKeysOf(t.cms, school.id)).toEqual([]) // the dud was revoked
  })
})
