/**
 * Applies the committed migrations to the database at DATABASE_URL (a fresh or migrated one;
 * never push). Used by `npm start` and by the test template build. Exits non-zero on failure.
 */
import { getPayload } from 'payload'
import config from '../src/payload.config.ts'

const payload = await getPayload({ config })
try {
  await payload.db.migrate()
} finally {
  await payload.destroy()
}
process.exit(0)
