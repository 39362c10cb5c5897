import { requireSuperAdmin } from '../../lib/server/admin/guard.ts'
import type { LayoutServerLoad } from './$types'

/**
 * The console's gate for every page under /admin (and their `__data.json`): super-admins only,
 * everyone else the ordinary 404 (lib/server/admin/guard.ts). Form actions call the guard
 * themselves: SvelteKit runs an action before, and without, this load.
 */
export const load: LayoutServerLoad = async ({ locals }) => {
  const admin = await requireSuperAdmin(locals)
  return { admin: { email: admin.email } }
}
