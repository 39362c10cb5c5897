import { env } from '../lib/server/env.ts'
import type { LayoutServerLoad } from './$types'

/** What every page may show of the configuration: nothing secret. */
export const load: LayoutServerLoad = () => ({
  rootDomain: env.LYCEUM_ROOT_DOMAIN,
  publicUrl: env.LYCEUM_HUB_PUBLIC_URL,
})
