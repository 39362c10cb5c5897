import { env } from '../lib/server/env.ts'
import type { LayoutServerLoad } from './$types'

/** What every page may show of the configuration (nothing secret) and who is signed in. */
export const load: LayoutServerLoad = ({ locals }) => ({
  rootDomain: env.LYCEUM_ROOT_DOMAIN,
  publicUrl: env.LYCEUM_HUB_PUBLIC_URL,
  /** The signed-in account's email for the header (src/lib/server/session.ts), or null. */
  account: locals.account ? { email: locals.account.email } : null,
})
