import type { MemberRole } from '@lyceum/domain'
import type { Actor, Membership } from '@lyceum/tenancy'
import type { PayloadRequest } from 'payload'
import { idOf } from '../lib/ids.ts'

type MembershipRow = { tenant?: unknown; role?: unknown }
type AuthUser = NonNullable<PayloadRequest['user']> & {
  memberships?: MembershipRow[] | null
  platformRole?: string | null
  kind?: string | null
  tenant?: unknown
  revokedAt?: string | null
}

const ANONYMOUS: Actor = { kind: 'anonymous' }

/** Membership rows of a user document, with relationship values reduced to ids. */
export function membershipsOf(rows: readonly MembershipRow[] | null | undefined): Membership[] {
  const out: Membership[] = []
  for (const row of rows ?? []) {
    const tenantId = idOf(row.tenant)
    if (tenantId && typeof row.role === 'string') out.push({ tenantId, role: row.role as MemberRole })
  }
  return out
}

/**
 * The authenticated caller of a request, as the policy in @lyceum/tenancy sees it.
 * `users` become members; `service-keys` become tenant or platform keys; a revoked key, or a
 * tenant key without a tenant, is anonymous.
 */
export function actorOf(req: Pick<PayloadRequest, 'user'>): Actor {
  const user = req.user as AuthUser | null | undefined
  if (!user) return ANONYMOUS
  if (user.collection === 'users') {
    return {
      kind: 'member',
      userId: String(user.id),
      superAdmin: user.platformRole === 'super-admin',
      memberships: membershipsOf(user.memberships),
    }
  }
  if (user.collection === 'service-keys' && !user.revokedAt) {
    if (user.kind === 'platform') return { kind: 'platform-key', keyId: String(user.id) }
    const tenantId = idOf(user.tenant)
    if (user.kind === 'tenant' && tenantId) return { kind: 'tenant-key', keyId: String(user.id), tenantId }
  }
  return ANONYMOUS
}
