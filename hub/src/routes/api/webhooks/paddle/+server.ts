import { webhooks } from '../../../../lib/server/billing/runtime.ts'
import type { RequestHandler } from './$types'

/** Paddle Billing notifications: see src/lib/server/billing/webhooks.ts. */
export const POST: RequestHandler = ({ request }) => webhooks.paddle(request)
