import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

export type Health = { status: 'ok' | 'unavailable'; db: 'ok' | 'unreachable'; checkedAt: string }

/** Asks the database for `select 1`. Never throws: an unreachable database is reported, not raised. */
export async function checkHealth(payload: Payload): Promise<Health> {
  const checkedAt = new Date().toISOString()
  try {
    const db = payload.db as unknown as { drizzle: { execute: (q: unknown) => Promise<unknown> } }
    await db.drizzle.execute(sql`select 1`)
    return { status: 'ok', db: 'ok', checkedAt }
  } catch {
    return { status: 'unavailable', db: 'unreachable', checkedAt }
  }
}
