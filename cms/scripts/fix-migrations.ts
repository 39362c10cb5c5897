/**
 * Makes Payload's generated migration files loadable by Node's own TypeScript support:
 * relative imports get their `.ts` extension and type-only imports are marked `type`.
 * Idempotent; run by `pnpm migrate:create` after Payload writes the files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../src/migrations/', import.meta.url))

for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
  const path = join(dir, file)
  const before = readFileSync(path, 'utf8')
  const after = before
    .replace(/from '(\.\/[^']+?)(?<!\.ts)'/g, "from '$1.ts'")
    .replace(
      /import \{ MigrateUpArgs, MigrateDownArgs, sql \} from '@payloadcms\/db-postgres'/,
      "import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'",
    )
    .replace(/async function (up|down)\(\{ db, payload, req \}/g, 'async function $1({ db }')
  if (after !== before) writeFileSync(path, after)
}
