import { json } from '@sveltejs/kit'
import { cms } from '../../lib/server/cms.ts'
import { checkHealth } from '../../lib/server/health.ts'
import type { RequestHandler } from './$types'

/**
 * Readiness: 200 `{ status: 'ok', cms: 'ok' }` when the cms answers the hub, else 503
 * `{ status: 'unavailable', cms: 'unreachable' }` (the cms's own /healthz has the same shape).
 */
export const GET: RequestHandler = async () => {
  const health = await checkHealth(cms)
  return json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  })
}
