/**
 * The pulumi driver as the provisioner starts it (main.ts): every check that can fail runs here,
 * at start-up, not at the first paying school's job.
 */
import { mkdirSync } from 'node:fs'
import { parseTenantStackConfig } from '@lyceum/infra/tenant'
import type pg from 'pg'
import { DriverError } from '../types.ts'
import { findPulumiCli } from './cli.ts'
import { checkCloudflareZone } from './cloudflare.ts'
import { createPulumiDriver, type PulumiDriver, type PulumiDriverSettings } from './driver.ts'
import { createPgStackLeases } from './leases.ts'
import { automationStackOps } from './stack-ops.ts'

/** Options of {@link openPulumiDriver}. */
export type OpenPulumiDriverOptions = {
  /** The cms database (the leases live in `provisioner.pulumi_leases`). */
  pool: pg.Pool
  settings: PulumiDriverSettings
  /** The https cms URL the schools call (checked against the stack config rules). */
  tenantCmsUrl: string
  /** Pulumi CLI installation directory; default `pulumi` on PATH. */
  cliRoot?: string
  backendUrl: string
  /** Persistent directory for the workspace's settings files. */
  workDir: string
  /** Env of Pulumi commands: `PULUMI_CONFIG_PASSPHRASE(_FILE)`, `CLOUDFLARE_API_TOKEN`, `KUBECONFIG`. */
  envVars: Record<string, string>
  secretsProvider?: string
  cloudflare: { apiToken: string; baseURL?: string }
  heartbeatMs?: number
  staleAfterMs?: number
  log?: (line: string) => void
}

/**
 * Checks the CLI, the settings and Cloudflare, then opens the driver.
 * @throws DriverError, not retryable, for a missing CLI (with what to install), settings the
 *   tenant stack would refuse (image, DNS target, zone id, resources, cms URL), or a token or
 *   zone Cloudflare refuses; retryable when Cloudflare cannot be reached.
 */
export async function openPulumiDriver(options: OpenPulumiDriverOptions): Promise<PulumiDriver> {
  const command = await findPulumiCli(options.cliRoot ? { root: options.cliRoot } : {})
  const { settings } = options
  try {
    parseTenantStackConfig({
      slug: 'startup-check',
      rootDomain: settings.rootDomain,
      cloudflareZoneId: settings.cloudflareZoneId,
      dnsTarget: settings.dnsTarget,
      image: settings.image,
      cmsUrl: options.tenantCmsUrl,
      locale: 'en',
      tenantApiKey: 'startup-check-placeholder',
      ...(settings.resources ? { resources: settings.resources } : {}),
      ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
    })
  } catch (error) {
    throw new DriverError('invalid', `The pulumi driver's settings: ${(error as Error).message}`, {
      cause: error,
    })
  }
  await checkCloudflareZone({
    apiToken: options.cloudflare.apiToken,
    zoneId: settings.cloudflareZoneId,
    rootDomain: settings.rootDomain,
    ...(options.cloudflare.baseURL ? { baseURL: options.cloudflare.baseURL } : {}),
  })
  mkdirSync(options.workDir, { recursive: true, mode: 0o700 })
  const ops = automationStackOps({
    command,
    backendUrl: options.backendUrl,
    workDir: options.workDir,
    envVars: options.envVars,
    ...(options.secretsProvider ? { secretsProvider: options.secretsProvider } : {}),
  })
  const leases = await createPgStackLeases({
    pool: options.pool,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
  })
  return createPulumiDriver({ ops, leases, settings, ...(options.log ? { log: options.log } : {}) })
}
