/**
 * The pulumi driver: one Pulumi stack `tenant-<slug>` (project `lyceum-tenant`) per school,
 * running the infra tenant program (`@lyceum/infra/tenant`: a proxied Cloudflare CNAME and the
 * tenant-app on Kubernetes). The stack is the driver's whole state: its outputs record the
 * deployed env (as a secret), the replica count and the host (program.ts), so any provisioner
 * process finds every school's deployment there.
 *
 * Mapping onto {@link TenantDriver}:
 * - `deploy` = `up` with the env and `replicas: 1` (skipped when the recorded env hash matches
 *   and it runs); `stop` = `up` with `replicas: 0`; `start` = `up` with `replicas: 1` and the
 *   recorded env; `destroy` = `refresh`, then `destroy` and removal of the stack;
 * - DNS lives in the same stack: `ensureDns` reports the record the stack manages (`deploy`
 *   creates it), `removeDns` only removes a stack left without a deployment record;
 * - `list` = the project's stacks and their outputs; `health` = `GET https://<host>/healthz`.
 *
 * Failure handling, around every stack operation ({@link PulumiDriverOptions.retry}):
 * - operations on one stack are serialised in this process, and across processes by a lease
 *   (leases.ts) that a live holder keeps;
 * - `ConcurrentUpdateError` (another update holds the stack) is retried with exponential backoff;
 * - when the lease says the previous holder is dead (a provisioner killed mid-update), its stale
 *   lock is cancelled (`stack.cancel()`) and the stack refreshed (pending creates cleared) before
 *   retrying at once. A lock without any Lyceum lease (an operator's command) is never cancelled.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  parseTenantStackConfig,
  type TenantStackConfig,
  type TenantStackConfigInput,
  tenantNames,
  tenantStackName,
} from '@lyceum/infra/tenant'
import { hashEnv } from '../local/state.ts'
import {
  type ActualState,
  type DeploySpec,
  type DnsRecord,
  DriverError,
  type HealthResult,
  type InstanceInfo,
  type TenantDriver,
} from '../types.ts'
import type { PreviousHolder, StackLeases } from './leases.ts'
import { readStackRecord, type StackRecord } from './program.ts'
import { isConcurrentUpdate, type StackOps } from './stack-ops.ts'

/** The operator's settings: what every school's stack shares. */
export type PulumiDriverSettings = {
  /** Schools live on `<slug>.<rootDomain>`. */
  rootDomain: string
  /** Cloudflare zone of `rootDomain` (32 hex). */
  cloudflareZoneId: string
  /** The ingress controller's load balancer hostname (the CNAME target). */
  dnsTarget: string
  /** The tenant-app image, pinned by tag or digest. */
  image: string
  /** Default `nginx`. */
  ingressClassName?: string
  /** Container requests and limits; default the infra program's (50m/128Mi, 500m/256Mi). */
  resources?: TenantStackConfigInput['resources']
}

/** Options of {@link createPulumiDriver}. Durations in milliseconds. */
export type PulumiDriverOptions = {
  ops: StackOps
  leases: StackLeases
  settings: PulumiDriverSettings
  /** The URL `health` probes (default `https://<slug>.<rootDomain>/healthz`). */
  healthUrl?: (slug: string) => string
  /** One probe's limit (default 5000). */
  healthTimeoutMs?: number
  /**
   * Retries of a locked stack: `attempts` in all (default 6), waiting `baseMs` × 2^(n-1)
   * (default 2000) capped at `maxMs` (default 30 000) between them.
   */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number }
  /** One line per notable event (default console.log with a prefix). */
  log?: (line: string) => void
  /** Clock (tests). */
  now?: () => Date
}

export interface PulumiDriver extends TenantDriver {
  readonly name: 'pulumi'
}

/** The env names the tenant stack takes from a {@link DeploySpec}; others stay with the local driver. */
export const STACK_ENV = ['LYCEUM_CMS_URL', 'LYCEUM_LOCALE', 'LYCEUM_TENANT_API_KEY'] as const

const HTTPS_PORT = 443

/** Creates the driver on a {@link StackOps} (see open.ts for the production wiring). */
export function createPulumiDriver(options: PulumiDriverOptions): PulumiDriver {
  const { ops, leases, settings } = options
  const log = options.log ?? ((line: string) => console.log(`[pulumi-driver] ${line}`))
  const now = options.now ?? (() => new Date())
  const attempts = options.retry?.attempts ?? 6
  const baseMs = options.retry?.baseMs ?? 2_000
  const maxMs = options.retry?.maxMs ?? 30_000
  const healthUrl = options.healthUrl ?? ((slug) => `https://${slug}.${settings.rootDomain}/healthz`)
  const healthTimeoutMs = options.healthTimeoutMs ?? 5_000
  const chains = new Map<string, Promise<unknown>>()

  const hostnameOf = (slug: string) => tenantNames(slug, settings.rootDomain).hostname
  const backoff = (attempt: number) => Math.min(maxMs, baseMs * 2 ** (attempt - 1))

  /** Runs `fn` after every earlier call for the same stack has settled. */
  const serialize = <T>(stack: string, fn: () => Promise<T>): Promise<T> => {
    const previous = chains.get(stack) ?? Promise.resolve()
    const next = previous.then(fn, fn)
    const tail = next.catch(() => {})
    chains.set(stack, tail)
    void tail.then(() => {
      if (chains.get(stack) === tail) chains.delete(stack)
    })
    return next
  }

  const stackOf = (slug: string): string => {
    try {
      return tenantStackName(slug)
    } catch (error) {
      throw new DriverError('invalid', (error as Error).message, { slug })
    }
  }

  /**
   * Runs one operation on a school's stack: serialised, under the lease, retried while another
   * update holds the stack, after cancelling a dead holder's lock (see the module comment).
   */
  const withStack = <T>(slug: string, what: string, op: (stack: string) => Promise<T>): Promise<T> => {
    const stack = stackOf(slug)
    return serialize(stack, async () => {
      let previous: PreviousHolder | null = null
      for (let attempt = 1; ; attempt++) {
        const claim = await leases.claim(stack)
        if (claim.acquired) {
          previous = claim.previous
          break
        }
        if (attempt >= attempts) {
          throw new DriverError(
            'unavailable',
            `${stack} is held by ${claim.previous?.holder}, which is alive`,
            {
              slug,
            },
          )
        }
        await sleep(backoff(attempt))
      }
      try {
        let cancelled = false
        for (let attempt = 1; ; attempt++) {
          try {
            return await op(stack)
          } catch (error) {
            if (!isConcurrentUpdate(error)) throw asDriverError(error, slug, `${what} of ${stack}`)
            if (previous && !previous.alive && !cancelled) {
              cancelled = true
              log(`${stack}: locked by ${previous.holder}, which is dead; cancelling its update`)
              try {
                await ops.cancel(stack)
                await ops.refresh(stack, { clearPendingCreates: true })
              } catch (cleanup) {
                log(`${stack}: cancelling the stale lock failed: ${firstLine(cleanup)}`)
              }
              continue
            }
            if (attempt >= attempts) {
              const whose = previous ? `(last held by ${previous.holder})` : '(no Lyceum process holds it)'
              throw new DriverError(
                'unavailable',
                `${stack} stayed locked by another update ${whose} through ${attempts} attempts`,
                { slug, cause: error },
              )
            }
            const wait = backoff(attempt)
            log(`${stack}: another update is in progress; ${what} again in ${wait} ms (attempt ${attempt})`)
            await sleep(wait)
          }
        }
      } finally {
        await leases
          .release(stack)
          .catch((error: unknown) => log(`${stack}: lease release: ${firstLine(error)}`))
      }
    })
  }

  const configFor = (slug: string, env: Record<string, string>, replicas: number): TenantStackConfig => {
    const missing = STACK_ENV.filter((name) => !env[name])
    if (missing.length > 0) {
      throw new DriverError('invalid', `the deploy env lacks ${missing.join(', ')}`, { slug })
    }
    if (env.LYCEUM_TENANT_SLUG && env.LYCEUM_TENANT_SLUG !== slug) {
      throw new DriverError('invalid', `the deploy env is for ${env.LYCEUM_TENANT_SLUG}, not ${slug}`, {
        slug,
      })
    }
    try {
      return parseTenantStackConfig({
        slug,
        rootDomain: settings.rootDomain,
        cloudflareZoneId: settings.cloudflareZoneId,
        dnsTarget: settings.dnsTarget,
        image: settings.image,
        cmsUrl: env.LYCEUM_CMS_URL,
        locale: env.LYCEUM_LOCALE,
        tenantApiKey: env.LYCEUM_TENANT_API_KEY,
        replicas,
        ...(settings.resources ? { resources: settings.resources } : {}),
        ...(settings.ingressClassName ? { ingressClassName: settings.ingressClassName } : {}),
      })
    } catch (error) {
      throw new DriverError('invalid', (error as Error).message, { slug, cause: error })
    }
  }

  const infoOf = (record: StackRecord, stack: string): InstanceInfo => {
    const details: Record<string, string | number> = { stack, replicas: record.replicas }
    if (record.namespace) details.namespace = record.namespace
    if (record.dnsRecordId) details.dnsRecordId = record.dnsRecordId
    return {
      slug: record.slug,
      state: record.replicas > 0 ? 'running' : 'stopped',
      ...(record.replicas > 0 ? { target: { host: record.hostname, port: HTTPS_PORT } } : {}),
      envHash: record.envHash,
      startedAt: record.deployedAt,
      details,
    }
  }

  const recordOf = async (stack: string) => readStackRecord(await ops.outputs(stack))

  /** `up` with `env` at `replicas`, recording it; keeps `createdAt` of an earlier deployment. */
  const upWith = async (
    slug: string,
    stack: string,
    env: Record<string, string>,
    replicas: number,
    current: StackRecord | null,
  ): Promise<InstanceInfo> => {
    const config = configFor(slug, env, replicas)
    const at = now().toISOString()
    const outputs = await ops.up(stack, {
      config,
      meta: { envHash: hashEnv(env), env, deployedAt: at, createdAt: current?.createdAt ?? at },
    })
    const record = readStackRecord(outputs)
    if (!record)
      throw new DriverError('unavailable', `${stack}: up finished without the driver's outputs`, { slug })
    log(`${stack}: up with ${replicas} replica(s) (env ${record.envHash.slice(0, 12)})`)
    return infoOf(record, stack)
  }

  const destroyStack = async (stack: string) => {
    await ops.refresh(stack)
    await ops.destroy(stack)
    log(`${stack}: refreshed and destroyed`)
  }

  const dnsOf = (slug: string, record: StackRecord | null): DnsRecord => ({
    slug,
    hostname: record?.hostname ?? hostnameOf(slug),
    target: record?.dnsTarget ?? settings.dnsTarget,
    createdAt: record?.createdAt ?? now().toISOString(),
  })

  return {
    name: 'pulumi',

    async ensureDns(slug) {
      // The record is a resource of the school's stack, created by `deploy` (after the
      // Deployment and the Ingress, so the name resolves only once the school answers).
      const stack = stackOf(slug)
      return dnsOf(slug, await recordOf(stack))
    },

    async removeDns(slug) {
      const stack = stackOf(slug)
      const outputs = await ops.outputs(stack)
      if (outputs === null || readStackRecord(outputs)) return false // none, or `destroy` owns it
      await withStack(slug, 'destroy', destroyStack)
      return true
    },

    async deploy(spec: DeploySpec) {
      // Checked before any Pulumi call: a bad env is not retryable.
      configFor(spec.slug, spec.env, 1)
      const envHash = hashEnv(spec.env)
      return withStack(spec.slug, 'up', async (stack) => {
        const current = await recordOf(stack)
        if (current && current.envHash === envHash && current.replicas > 0) return infoOf(current, stack)
        return upWith(spec.slug, stack, spec.env, 1, current)
      })
    },

    async start(slug) {
      return withStack(slug, 'up', async (stack) => {
        const current = await recordOf(stack)
        if (!current) throw new DriverError('not_deployed', `${stack} has no deployment to start`, { slug })
        if (current.replicas > 0) return infoOf(current, stack)
        return upWith(slug, stack, current.env, 1, current)
      })
    },

    async stop(slug) {
      await withStack(slug, 'up', async (stack) => {
        const current = await recordOf(stack)
        if (!current || current.replicas === 0) return
        await upWith(slug, stack, current.env, 0, current)
      })
    },

    async destroy(slug) {
      const stack = stackOf(slug)
      if ((await ops.outputs(stack)) === null) return
      await withStack(slug, 'destroy', async () => {
        if ((await ops.outputs(stack)) === null) return
        await destroyStack(stack)
      })
    },

    async inspect(slug) {
      const stack = stackOf(slug)
      const record = await recordOf(stack)
      return record ? infoOf(record, stack) : null
    },

    async health(slug): Promise<HealthResult> {
      const target = { host: hostnameOf(slug), port: HTTPS_PORT }
      try {
        const response = await fetch(healthUrl(slug), { signal: AbortSignal.timeout(healthTimeoutMs) })
        await response.body?.cancel()
        return response.status === 200
          ? { ok: true, target }
          : { ok: false, reason: `/healthz answered ${response.status}`, target }
      } catch (error) {
        return { ok: false, reason: firstLine(error), target }
      }
    },

    async list(): Promise<ActualState> {
      const stacks = (await ops.listStacks()).filter((s) => s.name.startsWith('tenant-'))
      const instances: InstanceInfo[] = []
      const dnsRecords: DnsRecord[] = []
      for (const listed of stacks) {
        const outputs = await ops.outputs(listed.name)
        if (outputs === null) continue
        const record = readStackRecord(outputs)
        if (record) {
          instances.push(infoOf(record, listed.name))
          dnsRecords.push(dnsOf(record.slug, record))
        } else if ((listed.resourceCount ?? 0) > 0) {
          // Resources without the driver's record: an `up` that never finished. Reported as an
          // orphan, so the reconcile loop provisions an active school again (the `up` completes
          // the stack) and destroys one that should not exist.
          const slug = listed.name.slice('tenant-'.length)
          instances.push({
            slug,
            state: 'crashed',
            envHash: '',
            details: { stack: listed.name, orphan: 1, resources: listed.resourceCount ?? 0 },
          })
        }
      }
      return { instances, dnsRecords }
    },

    async close() {
      await Promise.allSettled([...chains.values()])
      await leases.close()
    },
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (
    message
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? message
  )
}

/** A Pulumi failure as a retryable DriverError with the first meaningful stderr lines. */
function asDriverError(error: unknown, slug: string, what: string): DriverError {
  if (error instanceof DriverError) return error
  const message = error instanceof Error ? error.message : String(error)
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('code:') && !line.startsWith('stdout:'))
  return new DriverError('unavailable', `${what} failed: ${lines.slice(0, 4).join(' ').slice(0, 600)}`, {
    slug,
    cause: error,
  })
}
