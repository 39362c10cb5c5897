/**
 * The driver interface: what the lifecycle engine asks of the infrastructure that runs a school.
 *
 * Two drivers:
 * - `local` (src/drivers/local): one OS process per school on a loopback port, a JSON "record
 *   store" for DNS; for development, demos and the tests;
 * - `pulumi` (src/drivers/pulumi): one stack `tenant-<slug>` per school (infra/src/tenant)
 *   holding the Cloudflare record and the Kubernetes Deployment; `stop` is `replicas: 0`,
 *   `destroy` is `stack destroy`.
 *
 * Contract, for every method:
 * - **Idempotent.** Calling it twice, or again after a crash at any point inside it, gives the
 *   same end state as calling it once, and never a second copy of a resource. The engine retries
 *   steps after failures and after the provisioner was killed, so a driver must find what an
 *   earlier (possibly killed) call created instead of creating it again. Resources are therefore
 *   named after the slug alone (`tenant-<slug>` stack, `<slug>.<root>` record).
 * - **Durable.** What a method reports done survives a restart of the provisioner.
 * - **Keyed by slug.** The slug passed `checkTenantSlug`; drivers never see tenant ids.
 * - **Errors.** A method throws when it could not reach its end state; the engine retries with
 *   backoff. Throw {@link DriverError} with `retryable: false` for a problem a retry cannot fix.
 *
 * A driver whose DNS lives with the deployment (Pulumi: one stack per school holds both) may create
 * the record in `deploy`, make `ensureDns` report the record it will manage, and remove both in
 * `destroy`; `removeDns` then only removes a record left without a deployment.
 */

/** Where an instance answers HTTP: `{ host, port }` (same shape as the gateway's `Target`). */
export type InstanceTarget = { host: string; port: number }

/**
 * The actual state of one school's instance:
 * - `running`: it should serve and its process/pods exist;
 * - `sleeping`: scaled to zero for idleness while the school is active; `wake` brings it back;
 * - `stopped`: stopped on purpose (suspension); only `start` or `deploy` brings it back;
 * - `crashed`: it should run, but nothing runs (the reconcile loop restarts it).
 */
export type InstanceState = 'running' | 'sleeping' | 'stopped' | 'crashed'

/** One school's deployment as the driver sees it (see {@link TenantDriver.list}). */
export type InstanceInfo = {
  slug: string
  state: InstanceState
  /** Where it answers when `running`; absent otherwise. */
  target?: InstanceTarget
  /** sha256 (hex) of the deployed env, to tell whether a `deploy` would change anything. */
  envHash: string
  /** ISO 8601 time of the last (re)start. */
  startedAt?: string
  /** Driver-specific identifiers (pid, stack name, namespace…), for logs and diagnostics. */
  details?: Record<string, string | number>
}

/** A DNS record the driver manages for a school: `<slug>.<rootDomain>`. */
export type DnsRecord = {
  slug: string
  /** Fully qualified name, e.g. `northwind.localhost` or `northwind.lyceum.example`. */
  hostname: string
  /** What it points at (a CNAME target or an address). */
  target: string
  /** ISO 8601 creation time. */
  createdAt: string
}

/** The result of one health probe (`GET /healthz` on the instance). */
export type HealthResult =
  | { ok: true; target: InstanceTarget }
  | { ok: false; reason: string; target?: InstanceTarget }

/** What {@link TenantDriver.deploy} runs: the school's slug and the instance's whole env. */
export type DeploySpec = {
  slug: string
  /** The instance's environment (`LYCEUM_TENANT_SLUG`, `LYCEUM_CMS_URL`, the key…). Secret. */
  env: Record<string, string>
}

/** Everything the driver runs and records, across all schools (the reconcile loop's "actual"). */
export type ActualState = { instances: InstanceInfo[]; dnsRecords: DnsRecord[] }

/** The infrastructure operations of the engine; see the module comment for the contract. */
export interface TenantDriver {
  /** `local`, `pulumi`… (for logs). */
  readonly name: string
  /** Creates or keeps `<slug>.<root>`. @returns the record. */
  ensureDns(slug: string): Promise<DnsRecord>
  /** Removes the school's record if there is one. @returns whether one was removed. */
  removeDns(slug: string): Promise<boolean>
  /**
   * Makes the school's instance run with exactly `spec.env`: creates it, keeps it as it is when it
   * already runs with the same env (same {@link InstanceInfo.envHash}), or replaces it (never two
   * side by side for long) when the env changed or it is not running.
   */
  deploy(spec: DeploySpec): Promise<InstanceInfo>
  /**
   * Starts a deployed instance that is stopped, sleeping or crashed, with its last env; a no-op
   * when it runs. @throws DriverError `not_deployed` when there is nothing to start.
   */
  start(slug: string): Promise<InstanceInfo>
  /** Stops the instance but keeps its deployment (env) for a later `start`. No-op when absent. */
  stop(slug: string): Promise<void>
  /** Stops the instance and forgets its deployment. No-op when absent. Leaves DNS alone. */
  destroy(slug: string): Promise<void>
  /** The school's deployment as observed now, or `null` when it has none. */
  inspect(slug: string): Promise<InstanceInfo | null>
  /** One probe of the instance's health endpoint; never throws for an unhealthy instance. */
  health(slug: string): Promise<HealthResult>
  /** The instances and records that exist now, as observed (not only as recorded). */
  list(): Promise<ActualState>
  /** Releases timers and handles; instances keep running (a restarted provisioner adopts them). */
  close(): Promise<void>
}

/** Codes of {@link DriverError}. */
export type DriverErrorCode = 'not_deployed' | 'start_failed' | 'unavailable' | 'invalid'

/** A driver failure with a code and whether retrying can help. */
export class DriverError extends Error {
  readonly code: DriverErrorCode
  readonly retryable: boolean
  readonly slug: string | undefined
  constructor(
    code: DriverErrorCode,
    message: string,
    options: { slug?: string; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'DriverError'
    this.code = code
    this.slug = options.slug
    this.retryable = options.retryable ?? code !== 'invalid'
  }
}
