import { isCmsError } from '@lyceum/cms-client'
import { error } from '@sveltejs/kit'
import { parseTableQuery } from '../../../lib/admin-table.ts'
import { loadTenantPage } from '../../../lib/server/admin/tenants.ts'
import { cms } from '../../../lib/server/cms.ts'
import { env } from '../../../lib/server/env.ts'
import type { PageServerLoad } from './$types'

/**
 * The tenants table: search, filters, sort and page from the query string (a plain GET form:
 * works without JavaScript), all applied by the cms. Instance health is the school's status as
 * the cms knows it: probing each school's /healthz through the gateway would wake every sleeping
 * school the table lists (decision 050).
 */
export const load: PageServerLoad = async ({ parent, url }) => {
  await parent() // the guard first: see ../+layout.server.ts
  const query = parseTableQuery(url.searchParams)
  try {
    const page = await loadTenantPage(cms, query, {
      rootDomain: env.LYCEUM_ROOT_DOMAIN,
      hubPublicUrl: env.LYCEUM_HUB_PUBLIC_URL,
    })
    return { query, page }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] admin tenants: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The console is temporarily unavailable.')
  }
}
