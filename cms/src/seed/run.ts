/**
 * `pnpm seed`: plans (created or updated) and, unless `--plans-only`, the demo schools (created
 * once). With `LYCEUM_PLATFORM_KEY` set (npm start does), also installs it as the local platform
 * key. Needs the cms environment (DATABASE_URL, PAYLOAD_SECRET).
 */

import { getPayload } from 'payload'
import config from '../payload.config.ts'
import { DEMO_PASSWORD, DEMO_SCHOOLS, SUPER_ADMIN_EMAIL } from './demo.ts'
import { installLocalPlatformKey, type SeedReport, seedDemo, seedPlans } from './seed.ts'

const plansOnly = process.argv.includes('--plans-only')
const payload = await getPayload({ config })
const report: SeedReport = { created: [], updated: [] }
const planIds = await seedPlans(payload, report)
if (!plansOnly) await seedDemo(payload, planIds, report)
const platformKey = process.env.LYCEUM_PLATFORM_KEY
if (platformKey) await installLocalPlatformKey(payload, platformKey, report)
console.log(
  report.created.length + report.updated.length === 0
    ? 'seed: nothing to do, everything is already there'
    : `seed: created ${report.created.length} (${report.created.join(', ')}), updated ${report.updated.length}`,
)
if (!plansOnly) {
  console.log(`demo password for every account: ${DEMO_PASSWORD}`)
  console.log(`  super-admin: ${SUPER_ADMIN_EMAIL}`)
  for (const school of DEMO_SCHOOLS)
    console.log(`  ${school.slug}: ${school.members.map((m) => m.email).join(', ')}`)
}
await payload.destroy()
process.exit(0)
