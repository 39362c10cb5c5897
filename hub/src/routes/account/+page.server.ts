import { isCmsError } from '@lyceum/cms-client'
import { error, redirect } from '@sveltejs/kit'
import { cms } from '../../lib/server/cms.ts'
import { env } from '../../lib/server/env.ts'
import { ownedSchools } from '../../lib/server/portal/account.ts'
import { schoolUrl } from '../../lib/server/progress.ts'
import type { PageServerLoad } from './$types'

/** The customer portal's home: the schools the signed-in account owns (is an admin of). */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
  try {
    const schools = await ownedSchools(cms, locals.account)
    return {
      schools: schools.map((s) => ({
        id: s.id,
        name: s.name,
        status: s.status,
        url: schoolUrl(env.LYCEUM_HUB_PUBLIC_URL, s.slug),
      })),
    }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] account: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'Your account is temporarily unavailable.')
  }
}
