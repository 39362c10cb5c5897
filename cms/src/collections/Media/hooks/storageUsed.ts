import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

/** Bytes of media stored by one tenant, summed in the database (source of truth: `media.filesize`). */
export async function storageUsedBytes(req: PayloadRequest, tenantId: string): Promise<number> {
  const db = req.payload.db as unknown as {
    drizzle: { execute: (q: unknown) => Promise<{ rows: Array<{ used: string | number | null }> }> }
  }
  const result = await db.drizzle.execute(
    sql`select coalesce(sum(filesize), 0) as used from media where tenant_id = ${tenantId}`,
  )
  return Number(result.rows[0]?.used ?? 0)
}
