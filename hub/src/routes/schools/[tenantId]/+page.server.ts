import { isCmsError } from '@lyceum/cms-client'
import { requestLifecycle } from '@lyceum/provisioner/engine'
import { error, fail, redirect } from '@sveltejs/kit'
import { cms } from '../../../lib/server/cms.ts'
import { env } from '../../../lib/server/env.ts'
import { findOwnSchool, loadProgress } from '../../../lib/server/schools.ts'
import type { Actions, PageServerLoad } from './$types'

/**
 * The page after checkout: the school's setup, step by step. Signed-in admins of the school only;
 * a missing school and somebody else's answer the same 404. The page follows the progress live
 * over `./events` (server-sent events), and reloads itself without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
  try {
    const school = await findOwnSchool(cms, locals.account, params.tenantId)
    const progress = school && (await loadProgress(cms, school.id, env.LYCEUM_HUB_PUBLIC_URL))
    if (!progress) error(404, 'Not found')
    return { progress }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] school progress: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The progress of your school is temporarily unavailable.')
  }
}

export const actions: Actions = {
  /**
   * Asks the provisioner to run the provision again, for a school whose setup failed. Other
   * phases answer 409: there is nothing to retry. The run shows up on the page as it starts.
   */
  retry: async ({ locals, params, url }) => {
    if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
    let phase: string
    try {
      const school = await findOwnSchool(cms, locals.account, params.tenantId)
      const progress = school && (await loadProgress(cms, school.id, env.LYCEUM_HUB_PUBLIC_URL))
      if (!progress) error(404, 'Not found')
      phase = progress.phase
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      error(503, 'The progress of your school is temporarily unavailable.')
    }
    if (phase !== 'failed') return fail(409, { retried: false })
    if (!env.DATABASE_URL) error(503, 'Retrying is not available: the hub has no DATABASE_URL.')
    await requestLifecycle(env.DATABASE_URL, {
      tenantId: params.tenantId,
      action: 'provision',
      reason: `retried by ${locals.account.email} from the progress page`,
    })
    return { retried: true }
  },
}
