/**
 * An engine for integration tests: the real engine on the test cms's database, the real local
 * driver running the fixture server, wrapped by {@link faultyDriver} so a test can inject
 * failures and delays per operation and school, and watch how many operations run at once.
 */
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Mailer } from '@lyceum/mail'
import { createLocalDriver, type LocalDriver } from '../../src/drivers/local/driver.ts'
import type { TenantDriver } from '../../src/drivers/types.ts'
import { type Engine, type EngineConfig, startEngine } from '../../src/engine/engine.ts'
import { createCmsDownloader } from '../../src/engine/export.ts'
import type { LogLevel } from '../../src/engine/log.ts'
import type { TestCms } from './cms.ts'
import { baseEnv, FIXTURE_SERVER } from './local.ts'

type Operation = Exclude<keyof TenantDriver, 'name' | 'list' | 'close'>

/** Failure and delay injection around a driver; see {@link faultyDriver}. */
export type Faults = {
  /** Makes the next `times` calls of `op` for `slug` throw `Injected <op> failure`. */
  fail(op: Operation, slug: string, times: number): void
  /** Delays every call of `op` for `slug` by `ms` (before it runs). */
  delay(op: Operation, slug: string, ms: number): void
  /** Calls seen, as `<op>:<slug>`. */
  readonly calls: string[]
  /** The most operations that ran at once, overall and per slug. */
  readonly peak: { overall: number; perSlug: Map<string, number> }
}

/** Wraps `driver` with {@link Faults}. */
export function faultyDriver(driver: TenantDriver): { driver: TenantDriver; faults: Faults } {
  const failures = new Map<string, number>()
  const delays = new Map<string, number>()
  const calls: string[] = []
  const peak = { overall: 0, perSlug: new Map<string, number>() }
  let inFlight = 0
  const perSlug = new Map<string, number>()
  const wrap =
    <A extends unknown[], R>(op: Operation, slugOf: (...args: A) => string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const slug = slugOf(...args)
      const key = `${op}:${slug}`
      calls.push(key)
      inFlight++
      perSlug.set(slug, (perSlug.get(slug) ?? 0) + 1)
      peak.overall = Math.max(peak.overall, inFlight)
      peak.perSlug.set(slug, Math.max(peak.perSlug.get(slug) ?? 0, perSlug.get(slug) ?? 0))
      try {
        const wait = delays.get(key)
        if (wait) await sleep(wait)
        const left = failures.get(key) ?? 0
        if (left > 0) {
          failures.set(key, left - 1)
          throw new Error(`Injected ${op} failure`)
        }
        return await fn(...args)
      } finally {
        inFlight--
        perSlug.set(slug, (perSlug.get(slug) ?? 1) - 1)
      }
    }
  const bySlug = (slug: string) => slug
  const wrapped: TenantDriver = {
    name: driver.name,
    ensureDns: wrap('ensureDns', bySlug, (slug) => driver.ensureDns(slug)),
    removeDns: wrap('removeDns', bySlug, (slug) => driver.removeDns(slug)),
    deploy: wrap(
      'deploy',
      (spec) => spec.slug,
      (spec) => driver.deploy(spec),
    ),
    start: wrap('start', bySlug, (slug) => driver.start(slug)),
    stop: wrap('stop', bySlug, (slug) => driver.stop(slug)),
    destroy: wrap('destroy', bySlug, (slug) => driver.destroy(slug)),
    inspect: wrap('inspect', bySlug, (slug) => driver.inspect(slug)),
    health: wrap('health', bySlug, (slug) => driver.health(slug)),
    list: () => driver.list(),
    close: () => driver.close(),
  }
  return {
    driver: wrapped,
    faults: {
      fail: (op, slug, times) => failures.set(`${op}:${slug}`, times),
      delay: (op, slug, ms) => delays.set(`${op}:${slug}`, ms),
      calls,
      peak,
    },
  }
}

export type TestEngine = {
  engine: Engine
  /** Schools (tenant ids) whose keys are minted with the platform key even while it cannot. */
  /** Schools whose minted key the test makes the cms drop (the key document exists, the key does not work). */
  dropKeyFor: Set<string>
  local: LocalDriver
  faults: Faults
  logs: Array<{ level: LogLevel; message: string }>
  exportDir: string
  stop(): Promise<void>
}

/** Starts an engine with the local driver on `dataDir`, against `cms`. Stop it with `stop()`. */
export async function startTestEngine(options: {
  cms: TestCms
  dataDir: string
  mailer?: Mailer | null
  config?: Partial<EngineConfig>
}): Promise<TestEngine> {
  const local = await createLocalDriver({
    dataDir: options.dataDir,
    serverPath: FIXTURE_SERVER,
    rootDomain: 'localhost',
    baseEnv: baseEnv(),
    stopGraceMs: 2_000,
    log: () => {},
  })
  const { driver, faults } = faultyDriver(local)
  const logs: TestEngine['logs'] = []
  const exportDir = path.join(options.dataDir, 'exports')
  const dropKeyFor = new Set<string>()
  const { cms } = options.cms
  const engine = await startEngine({
    mintKey: (data) =>
      cms.create(
        'service-keys',
        typeof data.tenant === 'string' && dropKeyFor.has(data.tenant)
          ? { ...data, enableAPIKey: false }
          : data,
      ),
    pool: options.cms.pool,
    cms: options.cms.cms,
    driver,
    mailer: options.mailer ?? null,
    download: createCmsDownloader({ baseUrl: options.cms.server.baseUrl, apiKey: options.cms.platformKey }),
    log: (level, message) => {
      logs.push({ level, message })
      if (process.env.LYCEUM_TEST_VERBOSE) console.log(`[${level}] ${message}`)
    },
    config: {
      tenantCmsUrl: options.cms.server.baseUrl,
      publicUrl: (slug) => `http://${slug}.localhost:8080`,
      exportDir,
      extraTenantEnv: { FIXTURE_CHECK_CMS: '1' },
      pollIntervalMs: 200,
      heartbeatMs: 500,
      staleAfterMs: 3_000,
      concurrency: 4,
      maxAttempts: 3,
      reconcileIntervalMs: 0,
      healthTimeoutMs: 20_000,
      ...options.config,
    },
  })
  return {
    engine,
    dropKeyFor,
    local,
    faults,
    logs,
    exportDir,
    async stop() {
      await engine.stop()
      await local.close()
    },
  }
}
