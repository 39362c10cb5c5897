import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The monorepo root: the nearest directory above this file holding pnpm-workspace.yaml. */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}.`)
    dir = parent
  }
  return dir
}

export const repoRoot = findRepoRoot()
export const benchDir = path.join(repoRoot, 'bench', 'cms')
export const cmsDir = path.join(repoRoot, 'cms')
export const migrationsDir = path.join(cmsDir, 'src', 'migrations')
/** Where `next build` (output: 'standalone') puts the server, for a workspace rooted at the repo. */
export const standaloneDir = path.join(cmsDir, '.next', 'standalone', 'cms')
export const serverScript = path.join(standaloneDir, 'server.js')

/** The bench's own PostgreSQL cluster: never the dev (54329) or test (54339) one. */
export const benchPgDataDir = path.join(repoRoot, '.data', 'bench-postgres')
export const benchMediaDir = path.join(repoRoot, '.data', 'bench-media')
export const DEFAULT_BENCH_PG_PORT = 54349

/** Fixed secret of the bench cms (tokens minted in one server run stay valid in the next). */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0001'
/** Password of every seeded learner. */
export const LEARNER_PASSWORD = 'bench-learner-password-0001'

/** Seeded learner `i` (0-based) belongs to tenant `i`. */
export const tenantSlug = (i: number): string => `bench-${String(i + 1).padStart(4, '0')}`
export const learnerEmail = (i: number): string => `learner@${tenantSlug(i)}.bench.test`
