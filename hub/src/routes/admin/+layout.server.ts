import { requireSuperAdmin } from '../../lib/server/admin/guard.ts'
import type { LayoutServerLoad } from './$types'

/**
 * The console's gate for every page under /admin: super-admins only, everyone else the ordinary
 * 404 (lib/server/admin/guard.ts). Two holes a layout guard alone leaves, closed elsewhere:
 * - page loads run in parallel with this one, and a `__data.json` request serializes their data
 *   even when this load throws: every page load under /admin starts with `await parent()`;
 * - form actions run before, and without, any load: every action calls the guard itself.
 */
export const load: LayoutServerLoad = async ({ locals }) => {
  const admin = await requireSuperAdmin(locals)
  return { admin: { email: admin.email } }
}
