import { isCmsError } from '@lyceum/cms-client'
import { error } from '@sveltejs/kit'
import { cms } from '../../../lib/server/cms.ts'
import { listActivePlans } from '../../../lib/server/plans.ts'
import type { PageServerLoad } from './$types'

/**
 * The plans, fresh from the cms on every request (operators edit them there). When the cms
 * cannot answer, the page says so politely with a 503, and the log says why.
 */
export const load: PageServerLoad = async () => {
  try {
    return { plans: await listActivePlans(cms) }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(
      `[hub] pricing: the cms did not answer (${cause.code}, ${cause.request})`,
      cause.cause ?? cause.message,
    )
    error(503, 'The plans are temporarily unavailable.')
  }
}
