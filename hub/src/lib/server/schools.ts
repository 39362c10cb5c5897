import type { CmsClient, Tenant } from '@lyceum/cms-client'
import { type ProgressView, progressView } from './progress.ts'

/** The signed-in account, as `event.locals.account` holds it. */
type Account = { id: string; email: string }

/**
 * The school `tenantId` if `account` is one of its admins, else null — a school that does not
 * exist and a school of somebody else answer the same, so ids cannot be probed.
 * Source of truth: the cms (`tenants`, and the account's `users.memberships`), read with the
 * hub's platform key.
 * @throws CmsError when the cms is unreachable or refuses the platform key (→ 503 page).
 */
export async function findOwnSchool(
  cms: CmsClient,
  account: Account,
  tenantId: string,
): Promise<Tenant | null> {
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) return null
  const [tenant, user] = await Promise.all([
    cms.findByID('tenants', tenantId, { depth: 0 }),
    cms.findByID('users', account.id, { depth: 0 }),
  ])
  if (!tenant || !user) return null
  const isAdmin = (user.memberships ?? []).some(
    (m) => (typeof m.tenant === 'string' ? m.tenant : m.tenant.id) === tenant.id && m.role === 'admin',
  )
  return isAdmin ? tenant : null
}

/**
 * The progress of a school's setup, read fresh from the cms: the school, its latest provision run
 * and its subscription. Null when the school is gone.
 * @throws CmsError when the cms is unreachable.
 */
export async function loadProgress(
  cms: CmsClient,
  tenantId: string,
  hubPublicUrl: string,
): Promise<ProgressView | null> {
  const [runs, subscriptions, tenant] = await Promise.all([
    cms.find('provisioning-runs', {
      where: { tenant: { equals: tenantId }, action: { in: ['provision', 'reprovision'] } },
      sort: '-createdAt',
      limit: 1,
      depth: 0,
    }),
    cms.find('subscriptions', {
      where: { tenant: { equals: tenantId } },
      sort: '-updatedAt',
      limit: 1,
      depth: 0,
    }),
    cms.findByID('tenants', tenantId, { depth: 0 }),
  ])
  if (!tenant) return null
  return progressView({
    tenant,
    run: runs.docs[0] ?? null,
    subscription: subscriptions.docs[0] ?? null,
    hubPublicUrl,
  })
}
