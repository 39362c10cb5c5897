/**
 * The whole platform behind one port, for the console's browser tests (suspend, moderation): the
 * console world (the real cms, seeded, and the hub's production build; see admin/support.ts), the
 * provisioner's engine with the local driver running the tenant-app's production build, and the
 * gateway in front of them all (as under `npm start`). The demo school Northwind is provisioned
 * and live before it returns, and a Chromium is launched. Chromium resolves `*.localhost` by
 * itself.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  cmsTenantLookup,
  createLocalDriver,
  createLocalRouting,
  type LocalDriver,
  prepareStandalone,
} from '@lyceum/provisioner/drivers/local'
import { createCmsDownloader, type Engine, requestLifecycle, startEngine } from '@lyceum/provisioner/engine'
import { createGateway, type Gateway } from '@lyceum/provisioner/gateway'
import { launchChromium } from '@lyceum/testing/browser'
import { repoRoot } from '@lyceum/testing/db'
import type { Browser } from 'playwright-core'
import { type ConsoleWorld, startConsoleWorld } from '../admin/support.ts'
import { freePort } from './hub-server.ts'

const TENANT_APP = path.join(repoRoot(), 'tenant-app', '.next', 'standalone', 'tenant-app', 'server.js')

export type GatewayWorld = {
  /** The cms, the platform client and key, the job pool and the hub. */
  world: ConsoleWorld
  /** The gateway's port on 127.0.0.1: the hub is `http://localhost:<port>`, a school `http://<slug>.localhost:<port>`. */
  gatewayPort: number
  /** The cms id of the demo school Northwind (status `active` when the world is returned). */
  northwindId: string
  browser: Browser
  /**
   * Polls every 200 ms until Northwind's cms status is `status`; throws naming the last status
   * after `timeoutMs` (default 90 s, generous for a slow CI machine).
   */
  waitForStatus(status: string, timeoutMs?: number): Promise<void>
  /** Stops the browser, the gateway, the engine, the driver's schools and the console world. */
  close(): Promise<void>
}

/**
 * Starts the world described above. `extraEnv` goes to the hub on top of the gateway's public
 * URL and the root domain `localhost` (e.g. `LYCEUM_SMTP_URL`). Needs the production builds of
 * the cms, the hub and the tenant-app. If any step fails, what was started is stopped and the
 * error is rethrown.
 */
export async function startGatewayWorld(extraEnv: Record<string, string> = {}): Promise<GatewayWorld> {
  const gatewayPort = await freePort()
  let world: ConsoleWorld | undefined
  let driver: LocalDriver | undefined
  let engine: Engine | undefined
  let gateway: Gateway | undefined
  let browser: Browser | undefined
  let dataDir: string | undefined
  let northwindId = ''

  const close = async () => {
    await browser?.close()
    await gateway?.close()
    await engine?.stop()
    await driver?.close()
    await world?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }

  const waitForStatus = async (status: string, timeoutMs = 90_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const tenant = await world?.platform.findByID('tenants', northwindId)
      if (tenant?.status === status) return
      if (Date.now() > deadline) throw new Error(`northwind stayed ${tenant?.status}, expected ${status}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  try {
    world = await startConsoleWorld({
      ...extraEnv,
      LYCEUM_HUB_PUBLIC_URL: `http://localhost:${gatewayPort}`,
      LYCEUM_ROOT_DOMAIN: 'localhost',
    })
    const platform = world.platform
    const northwind = await platform.find('tenants', { where: { slug: { equals: 'northwind' } } })
    northwindId = northwind.docs[0]?.id ?? ''
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lyceum-hub-console-'))
    prepareStandalone(TENANT_APP)
    const baseEnv: Record<string, string> = {}
    for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
      const value = process.env[name]
      if (value !== undefined) baseEnv[name] = value
    }
    driver = await createLocalDriver({
      dataDir,
      serverPath: TENANT_APP,
      rootDomain: 'localhost',
      baseEnv,
      log: () => {},
    })
    engine = await startEngine({
      pool: world.pool,
      cms: platform,
      driver,
      download: createCmsDownloader({ baseUrl: world.cms.baseUrl, apiKey: world.platformKey }),
      log: (level, message) => {
        if (level === 'error') console.error(`[engine] ${message}`)
      },
      config: {
        tenantCmsUrl: world.cms.baseUrl,
        publicUrl: (slug) => `http://${slug}.localhost:${gatewayPort}`,
        exportDir: path.join(dataDir, 'exports'),
        concurrency: 2,
        maxAttempts: 3,
        retentionMs: 30 * 24 * 3600 * 1000,
        healthTimeoutMs: 60_000,
        pollIntervalMs: 200,
        heartbeatMs: 1_000,
        staleAfterMs: 5_000,
        reconcileIntervalMs: 0,
      },
    })
    const hubPort = Number(new URL(world.hub.url).port)
    const cmsPort = Number(new URL(world.cms.baseUrl).port)
    const routing = createLocalRouting({ driver, lookup: cmsTenantLookup(platform) })
    gateway = createGateway({
      rootDomain: 'localhost',
      hub: { host: '127.0.0.1', port: hubPort },
      cms: { host: '127.0.0.1', port: cmsPort },
      routes: routing.routes,
      wake: routing.wake,
      onRequest: routing.onRequest,
    })
    await gateway.listen(gatewayPort, '127.0.0.1')
    // The demo school is live first, as after its checkout.
    await requestLifecycle(world.pool, { tenantId: northwindId, action: 'provision' })
    await waitForStatus('active')
    browser = await launchChromium()
    return { world, gatewayPort, northwindId, browser, waitForStatus, close }
  } catch (error) {
    await close()
    throw error
  }
}
