/**
 * The provisioner's own tables, in the `provisioner` schema of the cms's database server (next to
 * graphile-worker's `graphile_worker` schema). The cms stays the source of truth for schools and
 * runs; these tables hold what only the provisioner needs:
 *
 * - `provisioner.workers`: one row per live worker pool (process) with its heartbeat; see
 *   leases.ts.
 * - `provisioner.tenant_state`: per school, what steps must remember across attempts and
 *   restarts: its cms key (id, name and secret: keys are never read back from the cms, and the
 *   instance needs the secret whenever it is redeployed), whether the welcome mail went out, the
 *   export archive, the purge date.
 * - `provisioner.runs`: which cms `provisioning-runs` document a queued job records into, and
 *   the plan (step names) chosen when the run began, so a retry or a restart continues the same
 *   run with the same plan.
 *
 * The DDL is idempotent and runs under an advisory lock at start-up (`migrate`).
 */
import type pg from 'pg'

/** Runs `fn` with a client from the pool, released afterwards. */
export async function withPoolClient<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    return await fn(client)
  } finally {
    client.release()
  }
}

const DDL = `
create schema if not exists provisioner;
create table if not exists provisioner.workers (
  pool_id text primary key,
  hostname text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now()
);
create table if not exists provisioner.tenant_state (
  tenant_id text primary key,
  slug text not null,
  key_id text,
  key_name text,
  key_secret text,
  welcome_sent_at timestamptz,
  export_path text,
  purge_at timestamptz,
  purged_at timestamptz,
  updated_at timestamptz not null default now()
);
create table if not exists provisioner.runs (
  job_id text primary key,
  run_id text not null,
  tenant_id text not null,
  action text not null,
  plan text[] not null,
  created_at timestamptz not null default now()
);
create index if not exists runs_tenant_idx on provisioner.runs (tenant_id);
`

/** Creates or upgrades the provisioner's schema (idempotent; serialised by an advisory lock). */
export async function migrate(pool: pg.Pool): Promise<void> {
  await withPoolClient(pool, async (client) => {
    await client.query('begin')
    try {
      await client.query("select pg_advisory_xact_lock(hashtext('lyceum.provisioner.schema'))")
      await client.query(DDL)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
  })
}

/** One school's row of `provisioner.tenant_state` (timestamps as Date, absent values null). */
export type TenantState = {
  tenantId: string
  slug: string
  /** The cms `service-keys` id of the school's current key; null while none is minted. */
  keyId: string | null
  /** The name chosen for the key being (or last) minted, `tenant:<slug>:<hex>`. */
  keyName: string | null
  /** The key itself. Secret. Set before the mint call (intent), kept while the key is valid. */
  keySecret: string | null
  welcomeSentAt: Date | null
  exportPath: string | null
  purgeAt: Date | null
  purgedAt: Date | null
}

type StateRow = {
  tenant_id: string
  slug: string
  key_id: string | null
  key_name: string | null
  key_secret: string | null
  welcome_sent_at: Date | null
  export_path: string | null
  purge_at: Date | null
  purged_at: Date | null
}

const fromRow = (row: StateRow): TenantState => ({
  tenantId: row.tenant_id,
  slug: row.slug,
  keyId: row.key_id,
  keyName: row.key_name,
  keySecret: row.key_secret,
  welcomeSentAt: row.welcome_sent_at,
  exportPath: row.export_path,
  purgeAt: row.purge_at,
  purgedAt: row.purged_at,
})

const COLUMNS: Record<keyof Omit<TenantState, 'tenantId' | 'slug'>, string> = {
  keyId: 'key_id',
  keyName: 'key_name',
  keySecret: 'key_secret',
  welcomeSentAt: 'welcome_sent_at',
  exportPath: 'export_path',
  purgeAt: 'purge_at',
  purgedAt: 'purged_at',
}

/** Reads (creating if needed) a school's state row. */
export async function loadTenantState(pool: pg.Pool, tenantId: string, slug: string): Promise<TenantState> {
  const { rows } = await pool.query<StateRow>(
    `insert into provisioner.tenant_state (tenant_id, slug) values ($1, $2)
     on conflict (tenant_id) do update set slug = excluded.slug
     returning *`,
    [tenantId, slug],
  )
  const row = rows[0]
  if (!row) throw new Error(`tenant_state upsert returned nothing for ${tenantId}`)
  return fromRow(row)
}

/** Writes the given fields of a school's state row (which must exist). @returns the new state. */
export async function saveTenantState(
  pool: pg.Pool,
  tenantId: string,
  patch: Partial<Omit<TenantState, 'tenantId' | 'slug'>>,
): Promise<TenantState> {
  const entries = Object.entries(patch) as Array<[keyof typeof COLUMNS, unknown]>
  const sets = entries.map(([key], i) => `${COLUMNS[key]} = $${i + 2}`)
  const { rows } = await pool.query<StateRow>(
    `update provisioner.tenant_state set ${[...sets, 'updated_at = now()'].join(', ')}
     where tenant_id = $1 returning *`,
    [tenantId, ...entries.map(([, value]) => value)],
  )
  const row = rows[0]
  if (!row) throw new Error(`no tenant_state row for ${tenantId}`)
  return fromRow(row)
}

/** A job's run: the cms run document it records into and its plan. */
export type RunMapping = { jobId: string; runId: string; tenantId: string; action: string; plan: string[] }

export async function findRunMapping(pool: pg.Pool, jobId: string): Promise<RunMapping | null> {
  const { rows } = await pool.query<{ run_id: string; tenant_id: string; action: string; plan: string[] }>(
    'select run_id, tenant_id, action, plan from provisioner.runs where job_id = $1',
    [jobId],
  )
  const row = rows[0]
  return row
    ? { jobId, runId: row.run_id, tenantId: row.tenant_id, action: row.action, plan: row.plan }
    : null
}

export async function saveRunMapping(pool: pg.Pool, mapping: RunMapping): Promise<void> {
  await pool.query(
    `insert into provisioner.runs (job_id, run_id, tenant_id, action, plan) values ($1, $2, $3, $4, $5)
     on conflict (job_id) do update set run_id = excluded.run_id, plan = excluded.plan`,
    [mapping.jobId, mapping.runId, mapping.tenantId, mapping.action, mapping.plan],
  )
}

/** Forgets run mappings older than `days` (their jobs are long gone). */
export async function pruneRunMappings(pool: pg.Pool, days = 30): Promise<number> {
  const { rowCount } = await pool.query(
    'delete from provisioner.runs where created_at < now() - make_interval(days => $1)',
    [days],
  )
  return rowCount ?? 0
}
