/**
 * The console's "view as school admin" (decision 100): the cms mints a 2-minute, single-use
 * ticket (platform key; the cms checks `by` is a super-admin), the hub audit-logs the request and
 * sends the super-admin to `<school>/impersonate?ticket=…`, where the school's own instance
 * redeems it into a read-only 15-minute session.
 */
import type { CmsClient } from '@lyceum/cms-client'
import type { SuperAdmin } from './guard.ts'

/**
 * @returns the URL to redirect the super-admin to, on the school's own host.
 * @throws CmsError `conflict` when the school has no admin, `not_found` for an unknown school.
 */
export async function impersonationUrl(
  cms: CmsClient,
  admin: SuperAdmin,
  tenantId: string,
  schoolUrl: string,
): Promise<string> {
  const ticket = await cms.impersonationTicket({ tenant: tenantId, by: admin.id })
  await cms.create('audit-log', {
    actor: `user:${admin.id}`,
    tenant: tenantId,
    action: 'admin.tenant.impersonate',
    target: `tenants:${tenantId}`,
    at: new Date().toISOString(),
    details: {
      by: admin.email,
      admin: ticket.admin.email,
      ticketId: ticket.ticketId,
      ticketExpiresAt: ticket.expiresAt,
      readOnly: true,
    },
  })
  const url = new URL('/impersonate', schoolUrl)
  url.searchParams.set('ticket', ticket.ticket)
  return url.toString()
}
