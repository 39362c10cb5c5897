/**
 * CI check: the committed generated files match the cms config.
 * - packages/cms-client/src/payload-types.ts equals a fresh `payload generate:types`;
 * - `payload migrate:create --skip-empty` finds no schema change without a migration.
 * Needs no database. On drift it prints the command that fixes it and exits 1.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const typesFile = path.resolve(cmsDir, '../packages/cms-client/src/payload-types.ts')
const migrationsDir = path.join(cmsDir, 'src', 'migrations')
const env = {
  ...process.env,
  // Generation reads the config only; nothing connects.
  DATABASE_URL: 'postgres://generate:generate@127.0.0.1:1/generate',
  PAYLOAD_SECRET: 'generate-only-generate-only-generate-only',
  LYCEUM_LOG_LEVEL: 'error',
}
const run = (script: string, args: string[]) => {
  const res = spawnSync(process.execPath, [script, ...args], {
    cwd: cmsDir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (res.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${res.status})`)
}
const payloadBin = ['--disable-transpile']
let failed = false

const before = readFileSync(typesFile, 'utf8')
spawnSync(process.execPath, ['node_modules/payload/bin.js', ...payloadBin, 'generate:types'], {
  cwd: cmsDir,
  env: { ...env, PAYLOAD_CONFIG_PATH: 'src/payload.config.ts' },
  stdio: ['ignore', 'ignore', 'inherit'],
})
run('scripts/finish-types.ts', [])
if (readFileSync(typesFile, 'utf8') !== before) {
  console.error(
    'payload-types.ts is out of date: run `pnpm --filter @lyceum/cms generate:types` and commit the result.',
  )
  failed = true
}

const existing = new Set(readdirSync(migrationsDir))
const indexFile = path.join(migrationsDir, 'index.ts')
const index = readFileSync(indexFile, 'utf8')
run('scripts/migrate-create.ts', ['--skip-empty', 'drift-check'])
const created = readdirSync(migrationsDir).filter((f) => !existing.has(f))
if (created.length > 0) {
  for (const f of created) rmSync(path.join(migrationsDir, f))
  writeFileSync(indexFile, index)
  console.error(
    'The schema changed without a migration: run `pnpm --filter @lyceum/cms migrate:create <name>` and commit it.',
  )
  failed = true
}
if (!failed) console.log('generated files: payload-types.ts and migrations match the cms config')
process.exit(failed ? 1 : 0)
