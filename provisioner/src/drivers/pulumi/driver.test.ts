import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConcurrentUpdateError } from '@pulumi/pulumi/automation/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DriverError } from '../types.ts'
import { createPulumiDriver, type PulumiDriverSettings } from './driver.ts'
import type { Claim, PreviousHolder, StackLeases } from './leases.ts'
import { ENV_OUTPUT, RECORD_OUTPUT, type StackInput } from './program.ts'
import type { StackListing, StackOps } from './stack-ops.ts'

// The driver's orchestration (idempotency, retries, stale locks, refresh before destroy) against
// an in-memory StackOps written here: Pulumi itself is not what these tests are about (its
// program is tested with Pulumi's mocks in program.test.ts).

const SETTINGS: PulumiDriverSettings = {
  rootDomain: 'lyceum.example',
  cloudflareZoneId: '0123456789abcdef0123456789abcdef',
  dnsTarget: 'lb.ingress.example.net',
  image: 'ghcr.io/lyceum/tenant-app:1.4.2',
}

const envFor = (slug: string, key = 'lyk_0123456789abcdef0123') => ({
  LYCEUM_TENANT_SLUG: slug,
  LYCEUM_CMS_URL: 'https://cms.lyceum.example',
  LYCEUM_TENANT_API_KEY: key,
  LYCEUM_PUBLIC_URL: `https://${slug}.lyceum.example`,
  LYCEUM_LOCALE: 'fr',
})

const locked = () =>
  new ConcurrentUpdateError(
    'error: the stack is currently locked by 1 lock(s). Either wait or `pulumi cancel`.',
  )

type FakeStack = { outputs: Record<string, unknown>; resources: number; lock: 'none' | 'stale' | 'live' }

/** Stacks in memory. A lock makes up/refresh/destroy throw ConcurrentUpdateError until cancelled
 * (`stale`), or until `liveLockFailures` more attempts have failed (`live`). */
class MemoryStacks implements StackOps {
  readonly stacks = new Map<string, FakeStack>()
  readonly calls: string[] = []
  readonly inputs: StackInput[] = []
  liveLockFailures = 0
  failNextUp: Error | undefined
  /** Resolved when an `up` starts; `up` then waits for `release` (concurrency test). */
  gate: { started: () => void; release: Promise<void> } | undefined

  private check(stack: string) {
    const found = this.stacks.get(stack)
    if (!found || found.lock === 'none') return
    if (found.lock === 'live' && this.liveLockFailures-- <= 0) {
      found.lock = 'none'
      return
    }
    throw locked()
  }
  async up(stack: string, input: StackInput) {
    this.calls.push(`up ${stack} replicas=${input.config.replicas}`)
    const existing = this.stacks.get(stack)
    if (existing) this.check(stack)
    if (this.gate) {
      this.gate.started()
      await this.gate.release
    }
    if (this.failNextUp) {
      const error = this.failNextUp
      this.failNextUp = undefined
      throw error
    }
    this.inputs.push(input)
    const { config, meta } = input
    const outputs = {
      url: `https://${config.slug}.${config.rootDomain}`,
      namespace: `tenant-${config.slug}`,
      dnsRecordId: `rec-${config.slug}`,
      deploymentName: 'tenant-app',
      [RECORD_OUTPUT]: {
        slug: config.slug,
        hostname: `${config.slug}.${config.rootDomain}`,
        dnsTarget: config.dnsTarget,
        replicas: config.replicas,
        envHash: meta.envHash,
        deployedAt: meta.deployedAt,
        createdAt: meta.createdAt,
      },
      [ENV_OUTPUT]: JSON.stringify(meta.env),
    }
    this.stacks.set(stack, { outputs, resources: 6, lock: 'none' })
    return outputs
  }
  async refresh(stack: string, options: { clearPendingCreates?: boolean } = {}) {
    this.calls.push(`refresh ${stack}${options.clearPendingCreates ? ' clear-pending' : ''}`)
    this.check(stack)
  }
  async destroy(stack: string) {
    this.calls.push(`destroy ${stack}`)
    this.check(stack)
    this.stacks.delete(stack)
  }
  async cancel(stack: string) {
    this.calls.push(`cancel ${stack}`)
    const found = this.stacks.get(stack)
    if (found) found.lock = 'none'
  }
  async outputs(stack: string) {
    return this.stacks.get(stack)?.outputs ?? null
  }
  async listStacks(): Promise<StackListing[]> {
    return [...this.stacks].map(([name, s]) => ({ name, resourceCount: s.resources }))
  }
}

/** Leases in memory; `seed` records a previous holder as a crashed or live process would. */
class MemoryLeases implements StackLeases {
  readonly holders = new Map<string, PreviousHolder>()
  readonly log: string[] = []
  seed(stack: string, holder: PreviousHolder) {
    this.holders.set(stack, holder)
  }
  async claim(stack: string): Promise<Claim> {
    const previous = this.holders.get(stack) ?? null
    if (previous?.alive) {
      this.log.push(`refused ${stack}`)
      return { acquired: false, previous }
    }
    this.holders.set(stack, { holder: 'me', alive: true })
    this.log.push(`claim ${stack}`)
    return { acquired: true, previous }
  }
  async release(stack: string) {
    if (this.holders.get(stack)?.holder === 'me') this.holders.delete(stack)
    this.log.push(`release ${stack}`)
  }
  async close() {}
}

function setup(overrides: { settings?: Partial<PulumiDriverSettings>; attempts?: number } = {}) {
  const ops = new MemoryStacks()
  const leases = new MemoryLeases()
  const lines: string[] = []
  const driver = createPulumiDriver({
    ops,
    leases,
    settings: { ...SETTINGS, ...overrides.settings },
    retry: { attempts: overrides.attempts ?? 4, baseMs: 1, maxMs: 5 },
    log: (line) => lines.push(line),
  })
  return { ops, leases, driver, lines }
}

describe('pulumi driver: deploy, stop, start, destroy', () => {
  it('deploys one stack per school with the settings and the env, and keeps it on a second deploy', async () => {
    const { ops, driver, leases } = setup()
    const info = await driver.deploy({ slug: 'acme', env: envFor('acme') })
    expect(info).toMatchObject({
      slug: 'acme',
      state: 'running',
      target: { host: 'acme.lyceum.example', port: 443 },
      details: { stack: 'tenant-acme', namespace: 'tenant-acme', replicas: 1, dnsRecordId: 'rec-acme' },
    })
    expect(info.envHash).toMatch(/^[0-9a-f]{64}$/)
    const input = ops.inputs[0]
    expect(input?.config).toMatchObject({
      slug: 'acme',
      rootDomain: 'lyceum.example',
      cloudflareZoneId: SETTINGS.cloudflareZoneId,
      dnsTarget: 'lb.ingress.example.net',
      image: 'ghcr.io/lyceum/tenant-app:1.4.2',
      cmsUrl: 'https://cms.lyceum.example',
      locale: 'fr',
      tenantApiKey: 'lyk_0123456789abcdef0123',
      replicas: 1,
      ingressClassName: 'nginx',
    })

    const again = await driver.deploy({ slug: 'acme', env: envFor('acme') })
    expect(again.envHash).toBe(info.envHash)
    expect(ops.calls).toEqual(['up tenant-acme replicas=1'])
    expect(leases.log).toEqual([
      'claim tenant-acme',
      'release tenant-acme',
      'claim tenant-acme',
      'release tenant-acme',
    ])
    expect(await driver.inspect('acme')).toEqual(info)
  })

  it('updates the stack when the env changes, keeping the first deployment time', async () => {
    const { ops, driver } = setup()
    const first = await driver.deploy({ slug: 'acme', env: envFor('acme') })
    const createdAt = (await driver.ensureDns('acme')).createdAt
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = await driver.deploy({ slug: 'acme', env: envFor('acme', 'lyk_another_key_0123456789') })
    expect(second.envHash).not.toBe(first.envHash)
    expect(ops.calls).toEqual(['up tenant-acme replicas=1', 'up tenant-acme replicas=1'])
    expect(ops.inputs[1]?.config.tenantApiKey).toBe('lyk_another_key_0123456789')
    expect(ops.inputs[1]?.meta.createdAt).toBe(createdAt)
    expect(ops.inputs[1]?.meta.deployedAt).not.toBe(createdAt)
  })

  it('stops with replicas 0 and starts again with the recorded env; both are idempotent', async () => {
    const { ops, driver } = setup()
    const deployed = await driver.deploy({ slug: 'acme', env: envFor('acme') })
    await driver.stop('acme')
    await driver.stop('acme')
    const stopped = await driver.inspect('acme')
    expect(stopped).toMatchObject({ state: 'stopped', envHash: deployed.envHash })
    expect(stopped?.target).toBeUndefined()
    const started = await driver.start('acme')
    await driver.start('acme')
    expect(started).toMatchObject({ state: 'running', envHash: deployed.envHash })
    expect(ops.calls).toEqual([
      'up tenant-acme replicas=1',
      'up tenant-acme replicas=0',
      'up tenant-acme replicas=1',
    ])
    expect(ops.inputs[2]?.meta.env).toEqual(envFor('acme'))
  })

  it('refuses to start what was never deployed, and stops or destroys nothing quietly', async () => {
    const { ops, driver } = setup()
    const error = await driver.start('ghost').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DriverError)
    expect(error).toMatchObject({ code: 'not_deployed', slug: 'ghost' })
    await driver.stop('ghost')
    await driver.destroy('ghost')
    expect(await driver.inspect('ghost')).toBeNull()
    expect(ops.calls).toEqual([])
  })

  it('refreshes before destroying, removes the stack, and a second destroy does nothing', async () => {
    const { ops, driver } = setup()
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    await driver.destroy('acme')
    await driver.destroy('acme')
    expect(ops.calls).toEqual(['up tenant-acme replicas=1', 'refresh tenant-acme', 'destroy tenant-acme'])
    expect(await driver.inspect('acme')).toBeNull()
    expect((await driver.list()).instances).toEqual([])
  })

  it('runs two deploys of one school one after the other: one up', async () => {
    const { ops, driver } = setup()
    let started = () => {}
    const upStarted = new Promise<void>((resolve) => {
      started = resolve
    })
    let release = () => {}
    ops.gate = {
      started,
      release: new Promise<void>((resolve) => {
        release = resolve
      }),
    }
    const first = driver.deploy({ slug: 'acme', env: envFor('acme') })
    const second = driver.deploy({ slug: 'acme', env: envFor('acme') })
    await upStarted
    ops.gate = undefined
    release()
    const [a, b] = await Promise.all([first, second])
    expect(a.envHash).toBe(b.envHash)
    expect(ops.calls).toEqual(['up tenant-acme replicas=1'])
  })
})

describe('pulumi driver: bad input fails before Pulumi runs, not retryable', () => {
  it.each([
    ['a missing key', { LYCEUM_TENANT_API_KEY: '' }, /lacks LYCEUM_TENANT_API_KEY/],
    ['a foreign slug', { LYCEUM_TENANT_SLUG: 'other' }, /for other, not acme/],
    ['a plain-http cms', { LYCEUM_CMS_URL: 'http://cms.lyceum.example' }, /cmsUrl/],
    ['an unknown locale', { LYCEUM_LOCALE: 'de' }, /locale/],
  ])('%s', async (_what, change, message) => {
    const { ops, driver } = setup()
    const error = await driver.deploy({ slug: 'acme', env: { ...envFor('acme'), ...change } }).catch((e) => e)
    expect(error).toBeInstanceOf(DriverError)
    expect(error).toMatchObject({ code: 'invalid', retryable: false })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('lyk_0123456789abcdef0123')
    expect(ops.calls).toEqual([])
  })

  it('an unpinned image in the settings', async () => {
    const { ops, driver } = setup({ settings: { image: 'ghcr.io/lyceum/tenant-app:latest' } })
    await expect(driver.deploy({ slug: 'acme', env: envFor('acme') })).rejects.toMatchObject({
      code: 'invalid',
      retryable: false,
    })
    expect(ops.calls).toEqual([])
  })

  it('a slug the domain rules refuse', async () => {
    const { driver } = setup()
    await expect(driver.inspect('www')).rejects.toMatchObject({ code: 'invalid' })
  })
})

describe('pulumi driver: locked stacks', () => {
  it('retries a ConcurrentUpdateError with backoff and never cancels a live update', async () => {
    const { ops, driver, lines } = setup({ attempts: 5 })
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    const stack = ops.stacks.get('tenant-acme')
    if (stack) stack.lock = 'live'
    ops.liveLockFailures = 2
    await driver.stop('acme')
    expect(ops.calls).toEqual([
      'up tenant-acme replicas=1',
      'up tenant-acme replicas=0',
      'up tenant-acme replicas=0',
      'up tenant-acme replicas=0',
    ])
    expect(lines.filter((l) => l.includes('another update is in progress'))).toHaveLength(2)
    expect((await driver.inspect('acme'))?.state).toBe('stopped')
  })

  it('cancels the stale lock of a dead holder, refreshes, then retries at once', async () => {
    const { ops, driver, leases, lines } = setup()
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    const stack = ops.stacks.get('tenant-acme')
    if (stack) stack.lock = 'stale'
    leases.seed('tenant-acme', { holder: 'host-a:4242:dead', alive: false })
    const info = await driver.deploy({ slug: 'acme', env: envFor('acme', 'lyk_rotated_key_0123456789') })
    expect(info.state).toBe('running')
    expect(ops.calls).toEqual([
      'up tenant-acme replicas=1',
      'up tenant-acme replicas=1',
      'cancel tenant-acme',
      'refresh tenant-acme clear-pending',
      'up tenant-acme replicas=1',
    ])
    expect(lines.some((l) => l.includes('host-a:4242:dead, which is dead'))).toBe(true)
    expect(leases.holders.has('tenant-acme')).toBe(false)
  })

  it('gives up with a retryable error when a lock no Lyceum process holds never clears', async () => {
    const { ops, driver, leases } = setup({ attempts: 3 })
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    const stack = ops.stacks.get('tenant-acme')
    if (stack) stack.lock = 'stale'
    const error = await driver.destroy('acme').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DriverError)
    expect(error).toMatchObject({ code: 'unavailable', retryable: true })
    expect((error as Error).message).toMatch(/no Lyceum process holds it.*3 attempts/)
    expect(ops.calls.filter((c) => c.startsWith('cancel'))).toEqual([])
    expect(leases.log.at(-1)).toBe('release tenant-acme')
  })

  it('waits for a live lease holder and touches nothing while it holds the stack', async () => {
    const { ops, driver, leases } = setup({ attempts: 3 })
    leases.seed('tenant-acme', { holder: 'host-b:77:live', alive: true })
    const error = await driver.deploy({ slug: 'acme', env: envFor('acme') }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unavailable', retryable: true })
    expect((error as Error).message).toContain('host-b:77:live')
    expect(leases.log).toEqual(['refused tenant-acme', 'refused tenant-acme', 'refused tenant-acme'])
    expect(ops.calls).toEqual([])
  })

  it('reports any other Pulumi failure as retryable, with its first lines, and releases the lease', async () => {
    const { ops, driver, leases } = setup()
    ops.failNextUp = new Error(
      'code: 255\n stdout: \n stderr: error: kubernetes:apps/v1:Deployment cluster unreachable',
    )
    const error = await driver.deploy({ slug: 'acme', env: envFor('acme') }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, slug: 'acme' })
    expect((error as Error).message).toMatch(/^up of tenant-acme failed: .*cluster unreachable/)
    expect(leases.holders.size).toBe(0)
  })
})

describe('pulumi driver: DNS and the reconcile view', () => {
  it('reports the record its stack manages; removes only a stack left without a deployment', async () => {
    const { ops, driver } = setup()
    expect(await driver.ensureDns('acme')).toMatchObject({
      slug: 'acme',
      hostname: 'acme.lyceum.example',
      target: 'lb.ingress.example.net',
    })
    expect(ops.calls).toEqual([])
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    expect(await driver.removeDns('acme')).toBe(false)
    ops.stacks.set('tenant-halfway', { outputs: {}, resources: 3, lock: 'none' })
    expect(await driver.removeDns('halfway')).toBe(true)
    expect(await driver.removeDns('halfway')).toBe(false)
    expect(ops.calls.slice(1)).toEqual(['refresh tenant-halfway', 'destroy tenant-halfway'])
  })

  it('lists the schools from the stacks, with half-built stacks as orphans', async () => {
    const { ops, driver } = setup()
    await driver.deploy({ slug: 'acme', env: envFor('acme') })
    await driver.deploy({ slug: 'beta', env: envFor('beta') })
    await driver.stop('beta')
    ops.stacks.set('tenant-halfway', { outputs: {}, resources: 2, lock: 'none' })
    ops.stacks.set('tenant-empty', { outputs: {}, resources: 0, lock: 'none' })
    ops.stacks.set('platform', { outputs: {}, resources: 9, lock: 'none' })
    const { instances, dnsRecords } = await driver.list()
    expect(instances.map((i) => [i.slug, i.state, i.details?.orphan ?? 0])).toEqual([
      ['acme', 'running', 0],
      ['beta', 'stopped', 0],
      ['halfway', 'crashed', 1],
    ])
    expect(dnsRecords.map((r) => r.hostname)).toEqual(['acme.lyceum.example', 'beta.lyceum.example'])
  })
})

describe('pulumi driver: health', () => {
  let server: Server
  let base = ''
  let status = 200
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/acme/healthz' ? status : 404
      res.end('ok')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('probes the school’s /healthz and never throws', async () => {
    const driver = createPulumiDriver({
      ops: new MemoryStacks(),
      leases: new MemoryLeases(),
      settings: SETTINGS,
      healthUrl: (slug) => `${base}/${slug}/healthz`,
      log: () => {},
    })
    expect(await driver.health('acme')).toEqual({
      ok: true,
      target: { host: 'acme.lyceum.example', port: 443 },
    })
    status = 503
    expect(await driver.health('acme')).toMatchObject({ ok: false, reason: '/healthz answered 503' })
    const closed = createPulumiDriver({
      ops: new MemoryStacks(),
      leases: new MemoryLeases(),
      settings: SETTINGS,
      healthUrl: () => 'http://127.0.0.1:1/healthz',
      log: () => {},
    })
    expect(await closed.health('acme')).toMatchObject({ ok: false })
  })
})
