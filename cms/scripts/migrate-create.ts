/**
 * `pnpm migrate:create <name>`: Payload's migrate:create, then fix-migrations.ts so the new
 * files load under Node's own TypeScript support. Never pushes; needs DATABASE_URL.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const res = spawnSync(process.execPath, args, { cwd, env, stdio: 'inherit' })
  if (res.status !== 0) process.exit(res.status ?? 1)
}
run(['node_modules/payload/bin.js', '--disable-transpile', 'migrate:create', ...process.argv.slice(2)], {
  ...process.env,
  PAYLOAD_CONFIG_PATH: 'src/payload.config.ts',
})
run(['scripts/fix-migrations.ts'])
