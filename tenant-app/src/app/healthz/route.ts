import { checkHealth } from '../../lib/health.ts'

export const dynamic = 'force-dynamic'

/**
 * `GET /healthz`: 200 `{ status: 'ok', cms: 'ok', credential: 'ok', tenant }` when the cms answers
 * and the tenant key reads its own school; 503 with `cms: 'unreachable'` or
 * `credential: 'invalid'` otherwise. Never cached.
 */
export async function GET(): Promise<Response> {
  const { httpStatus, body } = await checkHealth()
  return Response.json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } })
}
