import { spawn } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createLocalDriver, type LocalDriver, type LocalDriverOptions } from '../src/drivers/local/driver.ts'
import {
  DRIVER_MARKER,
  findMarkedProcesses,
  INSTANCE_MARKER,
  isRunning,
} from '../src/drivers/local/processes.ts'
import { createLocalRouting, type TenantFacts } from '../src/drivers/local/routes.ts'
import { DriverError } from '../src/drivers/types.ts'
import { baseEnv, FIXTURE_SERVER, getJson, removeDataDir, tempDataDir, waitFor } from './support/local.ts'

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const open: LocalDriver[] = []
afterEach(async () => {
  for (const driver of open.splice(0)) await driver.close()
})

const logs: string[] = []

async function newDriver(overrides: Partial<LocalDriverOptions> = {}, dataDir?: string) {
  const dir = dataDir ?? (await tempDataDir())
  const driver = await createLocalDriver({
    dataDir: dir,
    serverPath: FIXTURE_SERVER,
    rootDomain: 'localhost',
    baseEnv: baseEnv(),
    stopGraceMs: 2_000,
    log: (line) => logs.push(line),
    ...overrides,
  })
  open.push(driver)
  if (!dataDir) cleanups.push(() => removeDataDir(driver.dataDir, driver.driverId))
  return driver
}

const envFor = (slug: string, extra: Record<string, string> = {}) => ({
  LYCEUM_TENANT_SLUG: slug,
  LYCEUM_CMS_URL: 'http://127.0.0.1:9',
  LYCEUM_TENANT_API_KEY: `key-${slug}-0123456789abcdef`,
  LYCEUM_PUBLIC_URL: `http://${slug}.localhost:8080`,
  ...extra,
})

const pidOf = (info: { details?: Record<string, string | number> }) => Number(info.details?.pid)

async function marked(driver: LocalDriver, slug?: string) {
  const found = (await findMarkedProcesses(driver.driverId)) ?? []
  return slug ? found.filter((p) => p.slug === slug) : found
}

describe('local driver: deploy, health, env', () => {
  it('runs one process per school with its env, and deploy is idempotent', async () => {
    const driver = await newDriver()
    const first = await driver.deploy({ slug: 'alpha', env: envFor('alpha') })
    expect(first.state).toBe('running')
    const port = first.target?.port ?? 0
    expect(port).toBeGreaterThan(0)

    const health = await driver.health('alpha')
    expect(health).toEqual({ ok: true, target: { host: '127.0.0.1', port } })
    const env = await getJson<Record<string, string>>(port, '/env')
    expect(env.body).toMatchObject(envFor('alpha'))
    expect(env.body[DRIVER_MARKER]).toBe(driver.driverId)
    expect(env.body[INSTANCE_MARKER]).toMatch(/^inst_/)

    // Same env: the same process is kept.
    const again = await driver.deploy({ slug: 'alpha', env: envFor('alpha') })
    expect(pidOf(again)).toBe(pidOf(first))
    expect(again.target).toEqual(first.target)
    expect(await marked(driver, 'alpha')).toHaveLength(1)

    // New env: replaced, never two side by side afterwards.
    const changed = await driver.deploy({ slug: 'alpha', env: envFor('alpha', { LYCEUM_LOCALE: 'fr' }) })
    expect(pidOf(changed)).not.toBe(pidOf(first))
    expect(await isRunning(pidOf(first))).toBe(false)
    const procs = await marked(driver, 'alpha')
    expect(procs.map((p) => p.pid)).toEqual([pidOf(changed)])
    const port2 = changed.target?.port ?? 0
    expect((await getJson<Record<string, string>>(port2, '/env')).body.LYCEUM_LOCALE).toBe('fr')
    expect(changed.envHash).not.toBe(first.envHash)

    const log = await readFile(driver.logFile('alpha'), 'utf8')
    expect(log).toContain('fixture tenant server for alpha')
  })

  it('keeps DNS records in its record store, idempotently', async () => {
    const driver = await newDriver()
    const a = await driver.ensureDns('alpha')
    expect(a).toMatchObject({ slug: 'alpha', hostname: 'alpha.localhost', target: '127.0.0.1' })
    expect(await driver.ensureDns('alpha')).toEqual(a)
    expect((await driver.list()).dnsRecords).toEqual([a])
    expect(await driver.removeDns('alpha')).toBe(true)
    expect(await driver.removeDns('alpha')).toBe(false)
    expect((await driver.list()).dnsRecords).toEqual([])
  })

  it('stops, starts and destroys; every operation is a no-op the second time', async () => {
    const driver = await newDriver()
    const deployed = await driver.deploy({ slug: 'beta', env: envFor('beta') })
    await driver.stop('beta')
    await driver.stop('beta')
    expect(await isRunning(pidOf(deployed))).toBe(false)
    expect((await driver.inspect('beta'))?.state).toBe('stopped')
    expect(await driver.health('beta')).toMatchObject({ ok: false, reason: 'stopped' })
    // A stopped (suspended) school is not woken by traffic.
    await expect(driver.wake('beta')).rejects.toMatchObject({ code: 'unavailable', retryable: false })

    const started = await driver.start('beta')
    expect(started.state).toBe('running')
    expect(await driver.start('beta')).toMatchObject({ details: { pid: pidOf(started) } })
    await waitFor('healthy beta', async () => (await driver.health('beta')).ok)

    await driver.destroy('beta')
    await driver.destroy('beta')
    expect(await isRunning(pidOf(started))).toBe(false)
    expect(await driver.inspect('beta')).toBeNull()
    expect((await driver.list()).instances).toEqual([])
    await expect(driver.start('beta')).rejects.toBeInstanceOf(DriverError)
  })

  it('fails a launch whose server exits at once, after three tries, with the log to read', async () => {
    const driver = await newDriver({ serverPath: path.join(import.meta.dirname, 'fixtures', 'missing.js') })
    const failing = driver.deploy({ slug: 'gamma', env: envFor('gamma') })
    await expect(failing).rejects.toMatchObject({ code: 'start_failed', retryable: true })
    await expect(failing).rejects.toThrow(/exited \(code 1\) before listening/)
    expect(await marked(driver, 'gamma')).toHaveLength(0)
  })
})

describe('local driver: restart of the provisioner', () => {
  it('re-adopts live instances, restarts dead ones and kills unrecorded ones', async () => {
    const dataDir = await tempDataDir()
    const first = await newDriver({}, dataDir)
    cleanups.push(() => removeDataDir(dataDir, first.driverId))
    const a = await first.deploy({ slug: 'adopted', env: envFor('adopted') })
    const b = await first.deploy({ slug: 'restarted', env: envFor('restarted') })
    await first.ensureDns('adopted')
    await first.close()
    open.splice(open.indexOf(first), 1)

    // While "the provisioner is down": one instance dies, and a stray process with our marker
    // appears (a launch killed between spawn and the write recording it).
    process.kill(pidOf(b), 'SIGKILL')
    await waitFor('restarted to die', async () => !(await isRunning(pidOf(b))))
    const stray = spawn(process.execPath, [FIXTURE_SERVER], {
      env: {
        ...baseEnv(),
        ...envFor('adopted'),
        PORT: '0',
        [DRIVER_MARKER]: first.driverId,
        [INSTANCE_MARKER]: 'inst_stray',
      },
      detached: true,
      stdio: 'ignore',
    })
    stray.unref()
    await waitFor('stray to run', async () => (await marked(first)).some((p) => p.pid === stray.pid))

    const second = await newDriver({}, dataDir)
    expect(second.driverId).toBe(first.driverId)
    expect(second.adoption.adopted).toEqual(['adopted'])
    expect(second.adoption.restarted).toEqual(['restarted'])
    expect(second.adoption.killed).toEqual([stray.pid])

    const adopted = await second.inspect('adopted')
    expect(pidOf(adopted ?? {})).toBe(pidOf(a))
    const restarted = await second.inspect('restarted')
    expect(restarted?.state).toBe('running')
    expect(pidOf(restarted ?? {})).not.toBe(pidOf(b))
    expect((await second.list()).dnsRecords.map((r) => r.slug)).toEqual(['adopted'])
    expect((await marked(second)).map((p) => p.slug).sort()).toEqual(['adopted', 'restarted'])
  })

  it('adopts a process whose spawn was never recorded (pid null), instead of starting a second', async () => {
    const dataDir = await tempDataDir()
    const first = await newDriver({}, dataDir)
    cleanups.push(() => removeDataDir(dataDir, first.driverId))
    const deployed = await first.deploy({ slug: 'unrecorded', env: envFor('unrecorded') })
    await first.close()
    open.splice(open.indexOf(first), 1)
    // Rewind the state file to the intent written before spawn: the pid is not known.
    const file = path.join(dataDir, 'local-driver', 'state.json')
    const state = JSON.parse(await readFile(file, 'utf8')) as {
      instances: Record<string, { pid: number | null; startedAt: string | null }>
    }
    const record = state.instances.unrecorded
    if (!record) throw new Error('no record')
    record.pid = null
    record.startedAt = null
    await writeFile(file, JSON.stringify(state))

    const second = await newDriver({}, dataDir)
    expect(second.adoption.adopted).toEqual(['unrecorded'])
    expect(pidOf((await second.inspect('unrecorded')) ?? {})).toBe(pidOf(deployed))
    expect(await marked(second, 'unrecorded')).toHaveLength(1)
  })

  it('refuses a data directory another live provisioner holds', async () => {
    const dataDir = await tempDataDir()
    cleanups.push(() => removeDataDir(dataDir))
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      await mkdir(path.join(dataDir, 'local-driver'), { recursive: true })
      await writeFile(path.join(dataDir, 'local-driver', 'lock'), `${holder.pid}\n`)
      await expect(newDriver({}, dataDir)).rejects.toThrow(/in use by another provisioner/)
    } finally {
      holder.kill('SIGKILL')
    }
  })
})

describe('local driver: scale to zero', () => {
  it('puts idle instances to sleep and wakes them on demand', async () => {
    const driver = await newDriver({ idleMs: 400, idleCheckMs: 50 })
    const deployed = await driver.deploy({ slug: 'sleepy', env: envFor('sleepy') })
    // `sleeping` is recorded before the process is stopped (intent first): wait for both.
    await waitFor(
      'sleepy to sleep',
      async () =>
        (await driver.inspect('sleepy'))?.state === 'sleeping' && !(await isRunning(pidOf(deployed))),
      10_000,
    )
    expect(await marked(driver, 'sleepy')).toHaveLength(0)

    const target = await driver.wake('sleepy')
    expect((await getJson<{ tenant: string }>(target.port, '/healthz')).body.tenant).toBe('sleepy')
    expect((await driver.inspect('sleepy'))?.state).toBe('running')

    // Requests keep it awake.
    for (let i = 0; i < 8; i++) {
      driver.touch('sleepy')
      await sleep(100)
    }
    expect((await driver.inspect('sleepy'))?.state).toBe('running')
    // Two concurrent wakes of a running instance share it.
    const [x, y] = await Promise.all([driver.wake('sleepy'), driver.wake('sleepy')])
    expect(x).toEqual(target)
    expect(y).toEqual(target)
  })

  it('routes the gateway by status and instance state', async () => {
    const driver = await newDriver()
    const facts = new Map<string, TenantFacts>([
      ['live', { status: 'active', name: 'Live School', locale: 'en', brandColor: '#112233' }],
      ['asleep', { status: 'active' }],
      ['missing', { status: 'active' }],
      ['paused', { status: 'suspended' }],
      ['gone', { status: 'deprovisioned' }],
      ['fresh', { status: 'provisioning' }],
    ])
    const routing = createLocalRouting({ driver, lookup: async (slug) => facts.get(slug) ?? null })
    const live = await driver.deploy({ slug: 'live', env: envFor('live') })
    await driver.deploy({ slug: 'asleep', env: envFor('asleep') })
    await driver.sleep('asleep')

    expect(await routing.routes.resolve('live')).toEqual({
      slug: 'live',
      state: 'live',
      name: 'Live School',
      locale: 'en',
      brandColor: '#112233',
      target: live.target,
    })
    expect(await routing.routes.resolve('asleep')).toEqual({ slug: 'asleep', state: 'sleeping' })
    const woken = await routing.wake('asleep')
    expect(await routing.routes.resolve('asleep')).toEqual({ slug: 'asleep', state: 'live', target: woken })
    expect(await routing.routes.resolve('missing')).toMatchObject({ state: 'failed' })
    expect(await routing.routes.resolve('paused')).toMatchObject({ state: 'suspended' })
    expect(await routing.routes.resolve('gone')).toBeNull()
    expect(await routing.routes.resolve('unknown')).toBeNull()
    expect(await routing.routes.resolve('fresh')).toMatchObject({ state: 'provisioning' })
    routing.onRequest('live')

    // An instance that died is routed as sleeping (the gateway wakes it), seen from its pid alone.
    const pid = (await driver.peek('live'))?.details?.pid
    expect(typeof pid).toBe('number')
    process.kill(pid as number, 'SIGKILL')
    await waitFor('the killed instance to be seen as crashed', async () =>
      (await driver.peek('live'))?.state === 'crashed' ? true : undefined,
    )
    expect(await routing.routes.resolve('live')).toMatchObject({ slug: 'live', state: 'sleeping' })
    expect(await driver.peek('missing-school')).toBeNull()
  })
})
