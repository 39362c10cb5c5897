/**
 * A real cms for any package's tests, across a process boundary: the cms's own scripts and its
 * production build are run by path, exactly as a deployment runs them, so no app imports another.
 *
 * - `createMigratedDatabase()`: a fresh database cloned from a template that `cms/scripts/migrate.ts`
 *   migrated once per set of migrations (fingerprint of cms/src/migrations).
 * - `startCmsServer()`: the Next.js standalone build of the cms on a free loopback port, on such a
 *   database, optionally with the demo seed. Needs `pnpm --filter @lyceum/cms build` first (turbo's
 *   `test:e2e` depends on `build`).
 * - `mintPlatformKey()`: a platform service key on a seeded one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createTestDatabase, ensureTemplate, fingerprintFiles, getTestServer, repoRoot } from './db.ts'

/** The signing secret every test cms uses (tests mint their own tokens with it). */
export const TEST_CMS_SECRET = 'test-secret-test-secret-test-secret-0001'

const cmsDir = () => path.join(repoRoot(), 'cms')

function migrate(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/migrate.ts'], {
      cwd: cmsDir(),
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PAYLOAD_SECRET: TEST_CMS_SECRET,
        LYCEUM_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`cms migrations failed (exit ${code})`)),
    )
  })
}

/**
 * A fresh database with the cms schema, cloned from a migrated template (built once per set of
 * migrations, under a lock, by whichever test process comes first).
 * @returns `{ url, name, drop() }`; call `drop()` when done.
 */
export async function createMigratedDatabase() {
  const serverUrl = await getTestServer()
  const template = await ensureTemplate({
    serverUrl,
    name: 'lyceum_cms',
    fingerprint: fingerprintFiles([path.join(cmsDir(), 'src', 'migrations')]),
    build: migrate,
  })
  return createTestDatabase({ serverUrl, template, prefix: 'cms' })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export type CmsServer = {
  /** `http://127.0.0.1:<port>`: admin UI, REST under /api, GraphQL at /api/graphql. */
  baseUrl: string
  databaseUrl: string
  /** The environment the server runs with, for scripts that must share its database. */
  env: NodeJS.ProcessEnv
  close(): Promise<void>
}

/**
 * Starts the production cms on a fresh migrated database. With `seed: true` (default), the demo
 * seed runs first (two schools, members of every role, one course each; see cms/src/seed).
 * @throws when there is no build, the seed fails, or the server is not healthy within 60 s.
 */
export async function startCmsServer(options: { seed?: boolean } = {}): Promise<CmsServer> {
  const standalone = path.join(cmsDir(), '.next', 'standalone', 'cms')
  if (!existsSync(path.join(standalone, 'server.js'))) {
    throw new Error('No cms build: run `pnpm --filter @lyceum/cms build` (turbo does it before test:e2e).')
  }
  cpSync(path.join(cmsDir(), '.next', 'static'), path.join(standalone, '.next', 'static'), {
    recursive: true,
  })
  const db = await createMigratedDatabase()
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'lyceum-cms-media-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_CMS_SECRET,
    LYCEUM_MEDIA_DIR: mediaDir,
    LYCEUM_CMS_PUBLIC_URL: baseUrl,
    LYCEUM_LOG_LEVEL: 'error',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    NODE_ENV: 'production',
  }
  if (options.seed !== false) {
    const seed = spawnSync(process.execPath, ['src/seed/run.ts'], {
      cwd: cmsDir(),
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (seed.status !== 0) throw new Error(`cms demo seed failed (exit ${seed.status})`)
  }
  const server: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: standalone,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`cms server exited with code ${server.exitCode}`)
    const ok = await fetch(`${baseUrl}/healthz`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) break
    if (Date.now() > deadline) throw new Error('cms server did not become healthy within 60 s')
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    baseUrl,
    databaseUrl: db.url,
    env,
    async close() {
      server.kill('SIGTERM')
      if (server.exitCode === null) await new Promise((r) => server.once('exit', r))
      await db.drop()
      rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}

/** The seeded super-admin (cms/src/seed): the account test worlds mint keys with. */
export const SEEDED_SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }

/**
 * Mints a platform service key on a seeded test cms (signed in as the seeded super-admin, who may
 * set API keys) and returns the key, for `Authorization: service-keys API-Key <key>`.
 * @param name the key's name in the cms (shown in the admin UI), e.g. `hub console tests`.
 * @throws when the login or the creation is refused (an unseeded cms, a changed seed password).
 */
export async function mintPlatformKey(server: Pick<CmsServer, 'baseUrl'>, name: string): Promise<string> {
  const login = await fetch(`${server.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEEDED_SUPER_ADMIN),
  })
  const { token } = (await login.json()) as { token?: string }
  if (!login.ok || !token) throw new Error(`mintPlatformKey: the super-admin login answered ${login.status}`)
  const apiKey = `plk_${randomBytes(24).toString('hex')}`
  const created = await fetch(`${server.baseUrl}/api/service-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: JSON.stringify({ name, kind: 'platform', enableAPIKey: true, apiKey }),
  })
  if (!created.ok) throw new Error(`mintPlatformKey: creating the key answered ${created.status}`)
  return apiKey
}
