/**
 * The Payload Local API part of the bench seed, run as a child process by lib/seed.ts (the cms
 * config reads its environment once, at import): DATABASE_URL and PAYLOAD_SECRET come from the
 * parent, the seed shape as JSON in argv[2].
 *
 * 1. Creates the first `localApiTenants` tenants and their courses with `payload.create`
 *    (hooks, versions and audit log included), timing it per document.
 * 2. Creates the login learners (one per chosen tenant) with `payload.create`, so their password
 *    hashes are Payload's own.
 *
 * Prints one line `BENCH_RESULT <json>` with the timings. The SQL bulk part inserts the rest.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { courseData, loginLearnerTenants, type SeedShape, tenantData } from './lib/dataset.ts'
import { cmsDir, LEARNER_PASSWORD, learnerEmail, tenantSlug } from './lib/paths.ts'

type Doc = { id: string } & Record<string, unknown>
type LocalApi = {
  create(args: { collection: string; data: Record<string, unknown>; overrideAccess: true }): Promise<Doc>
  find(args: {
    collection: string
    where: Record<string, unknown>
    limit: number
    depth: 0
    pagination: false
    overrideAccess: true
  }): Promise<{ docs: Doc[] }>
  destroy(): Promise<void>
}

export type LocalApiTimings = {
  tenants: { docs: number; ms: number }
  courses: { docs: number; ms: number }
  learners: { docs: number; ms: number; concurrency: number }
}

const shape = JSON.parse(process.argv[2] ?? '{}') as SeedShape
const LEARNER_CONCURRENCY = 2 // the password hash (PBKDF2, 600k rounds) is CPU-bound: one per core

// Resolved from the cms package itself: its config through its `./config` export, and the very
// `payload` that config was built with. No dependency of the bench on @lyceum/cms: with one,
// turbo's `typecheck` (dependsOn ^build) would run `next build` of the cms first.
const fromCms = createRequire(`${cmsDir}/package.json`)
const { getPayload } = (await import(pathToFileURL(fromCms.resolve('payload')).href)) as {
  getPayload(args: { config: unknown }): Promise<LocalApi>
}
const { default: config } = (await import(pathToFileURL(fromCms.resolve('@lyceum/cms/config')).href)) as {
  default: unknown
}
const payload = await getPayload({ config })

const timings: LocalApiTimings = {
  tenants: { docs: 0, ms: 0 },
  courses: { docs: 0, ms: 0 },
  learners: { docs: 0, ms: 0, concurrency: LEARNER_CONCURRENCY },
}

for (let t = 0; t < shape.localApiTenants; t++) {
  let started = performance.now()
  const tenant = await payload.create({
    collection: 'tenants',
    data: tenantData(t, tenantSlug(t)),
    overrideAccess: true,
  })
  timings.tenants.ms += performance.now() - started
  timings.tenants.docs++
  started = performance.now()
  for (let c = 0; c < shape.coursesPerTenant; c++) {
    await payload.create({
      collection: 'courses',
      data: { tenant: tenant.id, ...courseData(t, c) },
      overrideAccess: true,
    })
  }
  timings.courses.ms += performance.now() - started
  timings.courses.docs += shape.coursesPerTenant
}

const learnerTenants = loginLearnerTenants(shape)
const slugs = learnerTenants.map(tenantSlug)
const { docs: tenantDocs } = await payload.find({
  collection: 'tenants',
  where: { slug: { in: slugs } },
  limit: slugs.length,
  depth: 0,
  pagination: false,
  overrideAccess: true,
})
const idBySlug = new Map(tenantDocs.map((doc) => [String(doc.slug), doc.id]))

const started = performance.now()
let next = 0
async function worker(): Promise<void> {
  while (next < learnerTenants.length) {
    const t = learnerTenants[next++] as number
    const tenantId = idBySlug.get(tenantSlug(t))
    if (!tenantId) throw new Error(`tenant ${tenantSlug(t)} is missing: the SQL part must run first`)
    await payload.create({
      collection: 'users',
      data: {
        email: learnerEmail(t),
        name: `Learner of ${tenantSlug(t)}`,
        password: LEARNER_PASSWORD,
        memberships: [{ tenant: tenantId, role: 'learner' }],
      },
      overrideAccess: true,
    })
    timings.learners.docs++
  }
}
await Promise.all(Array.from({ length: LEARNER_CONCURRENCY }, worker))
timings.learners.ms = performance.now() - started

await payload.destroy()
console.log(`BENCH_RESULT ${JSON.stringify(timings)}`)
process.exit(0)
