/**
 * The real cms for the provisioner's integration tests: the production build on a fresh migrated
 * database with the demo seed (`startCmsServer` of @lyceum/testing), a platform key minted by the
 * seeded super-admin over REST (as an operator would), and helpers to create more schools.
 */
import { randomBytes } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import type { Tenant } from '@lyceum/cms-client/payload-types'
import { type CmsServer, mintPlatformKey, startCmsServer } from '@lyceum/testing/cms'
import pg from 'pg'
import { findAll } from '../../src/engine/cms.ts'

export const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }

export type TestCms = {
  server: CmsServer
  /** A client with the platform key (what the provisioner uses). */
  cms: CmsClient
  platformKey: string
  /** A pool on the cms's database (graphile-worker and the provisioner's tables go there). */
  pool: pg.Pool
  close(): Promise<void>
}

/** Starts the seeded cms and mints a platform key. Close it with `close()`. */
export async function startTestCms(): Promise<TestCms> {
  const server = await startCmsServer({ seed: true })
  const anonymous = createCmsClient({ baseUrl: server.baseUrl, timeoutMs: 30_000 })
  const platformKey = await mintPlatformKey(server, 'provisioner tests')
  const cms = anonymous.withAuth({ apiKey: platformKey })
  const pool = new pg.Pool({ connectionString: server.databaseUrl, max: 20 })
  // Connections are terminated when the database is dropped; graphile-worker wants both handlers.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return {
    server,
    cms,
    platformKey,
    pool,
    async close() {
      await pool.end()
      await server.close()
    },
  }
}

/** A seeded school by slug (`northwind`, `lumiere`). */
export async function tenantBySlug(cms: CmsClient, slug: string): Promise<Tenant> {
  const { docs } = await cms.find('tenants', { where: { slug: { equals: slug } }, limit: 1 })
  const tenant = docs[0]
  if (!tenant) throw new Error(`no tenant ${slug}`)
  return tenant
}

let counter = 0
/** Creates a `pending` school with a unique slug (`<prefix>-<n>-<hex>`). */
export async function createSchool(cms: CmsClient, prefix = 'school'): Promise<Tenant> {
  counter++
  const slug = `${prefix}-${counter}-${randomBytes(2).toString('hex')}`
  return cms.create('tenants', { name: `School ${slug}`, slug, status: 'pending', locale: 'en' })
}

/** The runs of a school, oldest first. */
export async function runsOf(cms: CmsClient, tenantId: string) {
  return findAll(cms, 'provisioning-runs', { where: { tenant: { equals: tenantId } }, sort: 'createdAt' })
}

/** The school's tenant keys that are not revoked. */
export async function liveKeysOf(cms: CmsClient, tenantId: string) {
  const docs = await findAll(cms, 'service-keys', {
    where: { and: [{ tenant: { equals: tenantId } }, { revokedAt: { exists: false } }] },
  })
  return docs
}
