/**
 * The engine with the real tenant-app production build (Next.js standalone) instead of the
 * fixture: the env the provisioner gives an instance is the one the tenant-app expects, and its
 * own /healthz (which reads the school with the minted key) passes. Skipped when the tenant-app
 * is not built (`pnpm --filter @lyceum/tenant-app build`). The static assets are not copied beside
 * server.js here (main.ts does it; the build directory belongs to the tenant-app's own tasks), so
 * only the HTML is checked, not its styles.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalDriver, type LocalDriver } from '../src/drivers/local/driver.ts'
import { type Engine, startEngine } from '../src/engine/engine.ts'
import { createCmsDownloader } from '../src/engine/export.ts'
import { requestLifecycle } from '../src/engine/queue.ts'
import { runsOf, startTestCms, type TestCms, tenantBySlug } from './support/cms.ts'
import { baseEnv, removeDataDir, tempDataDir, waitFor } from './support/local.ts'

const SERVER = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'tenant-app',
  '.next',
  'standalone',
  'tenant-app',
  'server.js',
)

// turbo builds the tenant-app before these tests (turbo.json); a missing build is an error, not a skip.
describe('the real tenant-app', () => {
  let t: TestCms
  let driver: LocalDriver
  let engine: Engine
  let dataDir: string

  beforeAll(async () => {
    if (!existsSync(SERVER)) {
      throw new Error(
        `No tenant-app build at ${SERVER}: run \`pnpm --filter @lyceum/tenant-app build\` first.`,
      )
    }
    ;[t, dataDir] = await Promise.all([startTestCms(), tempDataDir('lyceum-real-')])
    driver = await createLocalDriver({
      dataDir,
      serverPath: SERVER,
      rootDomain: 'localhost',
      baseEnv: baseEnv(),
      log: () => {},
    })
    engine = await startEngine({
      pool: t.pool,
      cms: t.cms,
      driver,
      download: createCmsDownloader({ baseUrl: t.server.baseUrl, apiKey: t.platformKey }),
      log: () => {},
      config: {
        tenantCmsUrl: t.server.baseUrl,
        publicUrl: (slug) => `http://${slug}.localhost:8080`,
        exportDir: path.join(dataDir, 'exports'),
        pollIntervalMs: 200,
        reconcileIntervalMs: 0,
      },
    })
  }, 120_000)

  afterAll(async () => {
    await engine?.stop()
    if (driver) {
      for (const { slug } of (await driver.list()).instances) await driver.destroy(slug)
      await driver.close()
    }
    await t?.close()
    if (dataDir) await removeDataDir(dataDir, driver?.driverId)
  })

  it('provisions a school whose instance serves its catalog and passes its own health check', async () => {
    const school = await tenantBySlug(t.cms, 'northwind')
    await requestLifecycle(t.pool, { tenantId: school.id, action: 'provision' })
    const run = await waitFor(
      'the provision',
      async () => {
        const [only] = await runsOf(t.cms, school.id)
        return only && (only.status === 'succeeded' || only.status === 'failed') ? only : undefined
      },
      60_000,
      200,
    )
    expect(run.error ?? null).toBeNull()
    expect(run.status).toBe('succeeded')
    const port = (await driver.inspect('northwind'))?.target?.port ?? 0
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', cms: 'ok', credential: 'ok', tenant: 'northwind' })
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { host: 'northwind.localhost:8080' } })
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('Northwind Academy')
  }, 90_000)
})
