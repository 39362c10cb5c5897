import { webhooks } from '../../../../lib/server/billing/runtime.ts'
import type { RequestHandler } from './$types'

/** Stripe (or sandbox) webhooks: see src/lib/server/billing/webhooks.ts. */
export const POST: RequestHandler = ({ request }) => webhooks.stripe(request)
