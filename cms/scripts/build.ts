/**
 * `pnpm build`: the cms production build (Next.js standalone). The config is evaluated again at
 * run time, so the build needs only syntactically valid env: placeholders are used for what is
 * not set (nothing connects during the build).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://build:build@127.0.0.1:1/build',
  PAYLOAD_SECRET: process.env.PAYLOAD_SECRET || 'build-time-placeholder-not-used-at-run-time',
  NEXT_TELEMETRY_DISABLED: '1',
}
const res = spawnSync('pnpm', ['exec', 'next', 'build'], { cwd, env, stdio: 'inherit' })
process.exit(res.status ?? 1)
