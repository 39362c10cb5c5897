import type { Access, Where } from 'payload'
import { openInvitationsOf } from '../../../lib/seats.ts'

/**
 * Accounts a school's key may reach besides its roster: those whose email has an open (not
 * accepted, not expired) invitation of the key's school, so the instance can add the invited
 * person's existing account as a learner (decision 060). A `Where` on `email`, or false.
 */
export async function invitedByKey(
  req: Parameters<Access>[0]['req'],
  tenantId: string,
): Promise<Where | false> {
  const { docs } = await req.payload.find({
    collection: 'invitations',
    where: { and: openInvitationsOf(tenantId) },
    limit: 1000,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: { email: true },
    req,
  })
  const emails = [...new Set(docs.map((doc) => doc.email))]
  return emails.length > 0 ? { email: { in: emails } } : false
}
