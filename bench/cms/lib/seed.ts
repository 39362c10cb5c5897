/**
 * The seeded database: migrated, then 1,000 tenants × 20 courses and one learner per tenant.
 *
 * Built once into a template database (`bench_cms_seeded`) and reused while its fingerprint (the
 * migrations, the seed code and the seed shape) is unchanged; each bench run works on a fresh
 * copy (`CREATE DATABASE … TEMPLATE`), so logins and sessions never leak into the next run.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { createDatabase, dropDatabase, withClient, withDatabase } from '@lyceum/postgres'
import type { LocalApiTimings } from '../seed-payload.ts'
import { courseData, loginLearnerTenants, type SeedShape, tenantData } from './dataset.ts'
import { BENCH_SECRET, benchDir, cmsDir, learnerEmail, migrationsDir, tenantSlug } from './paths.ts'

export const SEEDED_TEMPLATE = 'bench_cms_seeded'
const BUILDING = 'bench_cms_seeding'
const MARK = 'lyceum-bench-seed'

export type SeedReport = {
  reused: boolean
  /** Wall time of the whole seed (migrations included), when it was built in this run. */
  totalMs?: number
  migrateMs?: number
  sqlMs?: number
  localApi?: LocalApiTimings
  counts: { tenants: number; courses: number; publishedCourses: number; users: number }
}

/** sha256 over the migrations, the seed code and the shape: a change of any of them reseeds. */
export function seedFingerprint(shape: SeedShape): string {
  const hash = createHash('sha256')
  const files = [
    ...readdirSync(migrationsDir, { recursive: true, encoding: 'utf8' }).map((f) =>
      path.join(migrationsDir, f),
    ),
    path.join(benchDir, 'lib', 'seed.ts'),
    path.join(benchDir, 'lib', 'dataset.ts'),
    path.join(benchDir, 'seed-payload.ts'),
  ]
    .filter((f) => statSync(f).isFile())
    .sort()
  for (const file of files)
    hash
      .update(`${path.basename(file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  hash.update(JSON.stringify(shape))
  return hash.digest('hex').slice(0, 16)
}

/**
 * Returns the name of the seeded template database on `serverUrl`, building it when it is missing
 * or its fingerprint differs (or `force`).
 */
export async function ensureSeededTemplate(
  serverUrl: string,
  shape: SeedShape,
  opts: { force?: boolean; log: (line: string) => void },
): Promise<SeedReport> {
  const mark = `${MARK} ${seedFingerprint(shape)}`
  const comment = await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [SEEDED_TEMPLATE],
    )
    return rows[0]?.comment
  })
  if (comment === mark && !opts.force) {
    return { reused: true, counts: await countRows(serverUrl, SEEDED_TEMPLATE) }
  }

  opts.log(
    `seed: building ${SEEDED_TEMPLATE} (${shape.tenants} tenants × ${shape.coursesPerTenant} courses)…`,
  )
  const started = performance.now()
  await dropDatabase(serverUrl, BUILDING)
  await createDatabase(serverUrl, BUILDING)
  const url = withDatabase(serverUrl, BUILDING)

  let t = performance.now()
  await runNode(path.join(cmsDir, 'scripts', 'migrate.ts'), [], url)
  const migrateMs = performance.now() - t
  opts.log(`seed: migrations applied in ${fmtS(migrateMs)}`)

  // SQL first for the tenants the Local API does not create: the login learners need them.
  t = performance.now()
  await withClient(url, (client) => insertTenantsAndCourses(client, shape))
  let sqlMs = performance.now() - t
  opts.log(`seed: SQL bulk insert of tenants and courses in ${fmtS(sqlMs)}`)

  const out = await runNode(path.join(benchDir, 'seed-payload.ts'), [JSON.stringify(shape)], url)
  const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
  if (!line) throw new Error(`seed-payload.ts printed no result:\n${out}`)
  const localApi = JSON.parse(line.slice('BENCH_RESULT '.length)) as LocalApiTimings
  opts.log(
    `seed: Local API ${localApi.tenants.docs} tenants + ${localApi.courses.docs} courses in ` +
      `${fmtS(localApi.tenants.ms + localApi.courses.ms)}, ${localApi.learners.docs} learners in ${fmtS(localApi.learners.ms)}`,
  )

  t = performance.now()
  await withClient(url, (client) => insertOtherLearners(client, shape))
  sqlMs += performance.now() - t

  // Fresh statistics and visibility map, as a database that has been live for a while would have.
  await withClient(url, (client) => client.query('VACUUM (ANALYZE)'))
  await dropDatabase(serverUrl, SEEDED_TEMPLATE)
  await withClient(serverUrl, async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [BUILDING],
    )
    await client.query(`ALTER DATABASE ${BUILDING} RENAME TO ${SEEDED_TEMPLATE}`)
    await client.query(`ALTER DATABASE ${SEEDED_TEMPLATE} WITH IS_TEMPLATE true`)
    await client.query(`COMMENT ON DATABASE ${SEEDED_TEMPLATE} IS '${mark}'`)
  })
  const totalMs = performance.now() - started
  return {
    reused: false,
    totalMs,
    migrateMs,
    sqlMs,
    localApi,
    counts: await countRows(serverUrl, SEEDED_TEMPLATE),
  }
}

/** A fresh copy of the seeded template for one bench run (dropped first if left over). */
export async function cloneSeeded(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name)
  await createDatabase(serverUrl, name, { template: SEEDED_TEMPLATE })
  return withDatabase(serverUrl, name)
}

/** Published course ids by tenant id (for the by-id scenario and the correctness checks). */
export async function publishedCoursesByTenant(databaseUrl: string): Promise<Map<string, string[]>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ tenant_id: string; ids: string[] }>(
      'SELECT tenant_id, array_agg(id ORDER BY id) AS ids FROM courses WHERE published GROUP BY tenant_id',
    )
    return new Map(rows.map((r) => [r.tenant_id, r.ids]))
  })
}

/** Tenant id of each seeded tenant slug. */
export async function tenantIdsBySlug(databaseUrl: string): Promise<Map<string, string>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants')
    return new Map(rows.map((r) => [r.slug, r.id]))
  })
}

type Client = Parameters<Parameters<typeof withClient>[1]>[0]

async function insertTenantsAndCourses(client: Client, shape: SeedShape): Promise<void> {
  const base = Date.now()
  const tenants = { name: [] as string[], slug: [] as string[], locale: [] as string[], at: [] as string[] }
  for (let i = shape.localApiTenants; i < shape.tenants; i++) {
    const data = tenantData(i, tenantSlug(i))
    tenants.name.push(data.name)
    tenants.slug.push(data.slug)
    tenants.locale.push(data.locale)
    tenants.at.push(new Date(base - (shape.tenants - i) * 60_000).toISOString())
  }
  await client.query('BEGIN')
  const { rows } = await client.query<{ id: string; slug: string; created_at: Date }>(
    `INSERT INTO tenants (name, slug, status, locale, created_at, updated_at)
     SELECT n, s, 'active', l::enum_tenants_locale, a, a
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(n, s, l, a)
     RETURNING id, slug, created_at`,
    [tenants.name, tenants.slug, tenants.locale, tenants.at],
  )
  // What the tenants' afterChange hook (auditTenantChange) writes for a create by the system.
  await client.query(
    `INSERT INTO audit_log (actor, tenant_id, action, target, at, details, created_at, updated_at)
     SELECT 'anonymous', t.id, 'tenant.created', 'tenants:' || t.id, t.created_at,
       jsonb_build_object(
         'status', jsonb_build_object('from', null, 'to', t.status),
         'plan', jsonb_build_object('from', null, 'to', null),
         'slug', jsonb_build_object('from', null, 'to', t.slug),
         'name', jsonb_build_object('from', null, 'to', t.name),
         'locale', jsonb_build_object('from', null, 'to', t.locale)),
       t.created_at, t.created_at
     FROM tenants t WHERE t.id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  )

  const courses = {
    tenant: [] as string[],
    title: [] as string[],
    slug: [] as string[],
    summary: [] as string[],
    published: [] as boolean[],
    at: [] as string[],
  }
  const indexBySlug = new Map<string, number>()
  for (let i = 0; i < shape.tenants; i++) indexBySlug.set(tenantSlug(i), i)
  for (const row of rows) {
    const i = indexBySlug.get(row.slug) ?? 0
    for (let c = 0; c < shape.coursesPerTenant; c++) {
      const data = courseData(i, c)
      courses.tenant.push(row.id)
      courses.title.push(data.title)
      courses.slug.push(data.slug)
      courses.summary.push(data.summary)
      courses.published.push(data.published)
      courses.at.push(new Date(row.created_at.getTime() + (c + 1) * 1000).toISOString())
    }
  }
  await client.query(
    `WITH c AS (
       INSERT INTO courses (tenant_id, title, slug, summary, published, created_at, updated_at)
       SELECT t, ti, s, su, p, a, a
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::timestamptz[])
         AS x(t, ti, s, su, p, a)
       RETURNING *
     )
     -- The version Payload writes on create (versions are enabled on courses).
     INSERT INTO _courses_v (parent_id, version_tenant_id, version_title, version_slug, version_summary,
       version_cover_id, version_published, version_updated_at, version_created_at, created_at, updated_at)
     SELECT id, tenant_id, title, slug, summary, cover_id, published, updated_at, created_at, created_at, updated_at
     FROM c`,
    [courses.tenant, courses.title, courses.slug, courses.summary, courses.published, courses.at],
  )
  await client.query('COMMIT')
}

/**
 * Learners of the tenants without a login learner, in bulk. They reuse the salt and hash Payload
 * made for a login learner (same password), so they can log in too; nobody does in the bench.
 */
async function insertOtherLearners(client: Client, shape: SeedShape): Promise<void> {
  const withLogin = new Set(loginLearnerTenants(shape))
  const { rows: sample } = await client.query<{ salt: string; hash: string }>(
    'SELECT salt, hash FROM users WHERE hash IS NOT NULL LIMIT 1',
  )
  const credentials = sample[0]
  if (!credentials) throw new Error('no Local API learner found to copy a password hash from')
  const { rows: tenants } = await client.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants')
  const idBySlug = new Map(tenants.map((r) => [r.slug, r.id]))
  const users = { email: [] as string[], name: [] as string[], tenant: [] as string[], rowId: [] as string[] }
  for (let i = 0; i < shape.tenants; i++) {
    if (withLogin.has(i)) continue
    const tenantId = idBySlug.get(tenantSlug(i))
    if (!tenantId) throw new Error(`tenant ${tenantSlug(i)} is missing`)
    users.email.push(learnerEmail(i))
    users.name.push(`Learner of ${tenantSlug(i)}`)
    users.tenant.push(tenantId)
    users.rowId.push(randomBytes(12).toString('hex')) // array rows get ObjectID-like ids
  }
  await client.query(
    `WITH u AS (
       INSERT INTO users (email, name, salt, hash, login_attempts)
       SELECT e, n, $5, $6, 0 FROM unnest($1::text[], $2::text[]) AS x(e, n)
       RETURNING id, email
     )
     INSERT INTO users_memberships (_order, _parent_id, id, tenant_id, role)
     SELECT 1, u.id, m.r, m.t, 'learner'
     FROM u JOIN unnest($1::text[], $3::uuid[], $4::text[]) AS m(e, t, r) ON m.e = u.email`,
    [users.email, users.name, users.tenant, users.rowId, credentials.salt, credentials.hash],
  )
}

async function countRows(serverUrl: string, database: string): Promise<SeedReport['counts']> {
  // A template may refuse connections; ours allows them (IS_TEMPLATE only).
  return withClient(withDatabase(serverUrl, database), async (client) => {
    const { rows } = await client.query<{ t: string; c: string; p: string; u: string }>(
      `SELECT (SELECT count(*) FROM tenants) AS t, (SELECT count(*) FROM courses) AS c,
              (SELECT count(*) FROM courses WHERE published) AS p, (SELECT count(*) FROM users) AS u`,
    )
    const r = rows[0]
    return {
      tenants: Number(r?.t),
      courses: Number(r?.c),
      publishedCourses: Number(r?.p),
      users: Number(r?.u),
    }
  })
}

/** Runs a Node script (from the cms dir) with the bench's cms environment; resolves with its stdout. */
function runNode(script: string, args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: cmsDir,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PAYLOAD_SECRET: BENCH_SECRET,
        LYCEUM_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(script)} failed (exit ${code}):\n${out}`)),
    )
  })
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`
