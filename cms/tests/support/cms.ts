import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createMigratedDatabase, TEST_CMS_SECRET } from '@lyceum/testing/cms'
import type { Payload } from 'payload'
import { serveFetch } from './http.ts'

export type TestCms = {
  payload: Payload
  /** `http://127.0.0.1:<port>`: REST under `/api`, GraphQL at `/api/graphql`. */
  baseUrl: string
  databaseUrl: string
  close(): Promise<void>
}

/**
 * A real cms for one test file: a database cloned from the migrated template (built once per
 * set of migrations), Payload on it, and its REST and GraphQL APIs on a local port.
 */
export async function startTestCms(): Promise<TestCms> {
  const db = await createMigratedDatabase()
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'lyceum-media-'))
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    PAYLOAD_SECRET: TEST_CMS_SECRET,
    LYCEUM_MEDIA_DIR: mediaDir,
    LYCEUM_LOG_LEVEL: 'fatal',
    LYCEUM_RESERVED_SLUGS: 'billing,support',
  })
  const { default: config } = await import('../../src/payload.config.ts')
  const { getPayload, handleEndpoints } = await import('payload')
  const { GRAPHQL_POST } = await import('@payloadcms/next/routes')
  const payload = await getPayload({ config })
  const graphql = GRAPHQL_POST(config)
  const { server, baseUrl } = await serveFetch(async (request) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/api/graphql' && request.method === 'POST') return graphql(request)
    return handleEndpoints({ config, request })
  })
  return {
    payload,
    baseUrl,
    databaseUrl: db.url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await payload.destroy()
      // payload.destroy() leaves the pg pool open; the forced drop below ends its connections,
      // which the pool reports as errors unless someone listens.
      const pool = (
        payload.db as unknown as { pool?: { on(e: 'error', f: () => void): void; end(): Promise<void> } }
      ).pool
      pool?.on('error', () => {})
      void pool?.end().catch(() => {})
      await db.drop()
      rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}
