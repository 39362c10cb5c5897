import config from '@payload-config'
import { getPayload } from 'payload'
import { checkHealth } from '../../server/health.ts'

export const dynamic = 'force-dynamic'

/** Readiness: 200 `{ status: 'ok', db: 'ok' }` when the database answers, else 503. */
export async function GET(): Promise<Response> {
  const payload = await getPayload({ config })
  const health = await checkHealth(payload)
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503 })
}
