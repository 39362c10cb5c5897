import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMigratedDatabase, TEST_SECRET } from './cms.ts'

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const standalone = path.join(cmsDir, '.next', 'standalone', 'cms')

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export type BuiltCms = { baseUrl: string; databaseUrl: string; close(): Promise<void> }

/**
 * The cms as it runs in production: the Next.js standalone build (made by `turbo run build`,
 * which `test:e2e` depends on) on a fresh migrated database with the demo seed.
 */
export async function startBuiltCms(): Promise<BuiltCms> {
  if (!existsSync(path.join(standalone, 'server.js'))) {
    throw new Error('No cms build: run `pnpm --filter @lyceum/cms build` (turbo does it before test:e2e).')
  }
  cpSync(path.join(cmsDir, '.next', 'static'), path.join(standalone, '.next', 'static'), { recursive: true })
  const db = await createMigratedDatabase()
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'lyceum-e2e-media-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_SECRET,
    LYCEUM_MEDIA_DIR: mediaDir,
    LYCEUM_CMS_PUBLIC_URL: baseUrl,
    LYCEUM_LOG_LEVEL: 'error',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    NODE_ENV: 'production',
  }
  const seed = spawnSync(process.execPath, ['src/seed/run.ts'], {
    cwd: cmsDir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (seed.status !== 0) throw new Error(`demo seed failed (exit ${seed.status})`)
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
    async close() {
      server.kill('SIGTERM')
      if (server.exitCode === null) await new Promise((r) => server.once('exit', r))
      await db.drop()
      rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}
