import { isPlatform } from '@lyceum/tenancy'
import type { CollectionBeforeChangeHook } from 'payload'
import { actorOf, membershipsOf } from '../../../access/actor.ts'
import { lockSeats, schoolFull, seatsOf } from '../../../lib/seats.ts'

/**
 * The plan's seats, enforced where a seat is taken: a membership row for a school the account
 * did not belong to (self-signup, accepting an invitation, an admin adding an existing account).
 * Refused with 409 when the school's members plus its other open invitations already fill
 * `limits.seats` (the joining person's own invitation holds their seat). Role changes take no
 * seat. The platform (hub, provisioner, super-admins) and system calls are not held to it.
 * Runs after guardMemberships, on the rows it accepted.
 */
export const enforceSeats: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (!req.user || !('memberships' in data)) return data
  if (isPlatform(actorOf(req))) return data
  const before = new Set(membershipsOf(originalDoc?.memberships).map((m) => m.tenantId))
  const joined = membershipsOf(data.memberships).filter((m) => !before.has(m.tenantId))
  const user = operation === 'update' ? String(originalDoc?.id) : null
  const email = String(data.email ?? originalDoc?.email ?? '')
  for (const { tenantId } of joined) {
    await lockSeats(req, tenantId)
    const seats = await seatsOf(req, tenantId, { user, email })
    if (seats.limit !== null && seats.members + seats.pending >= seats.limit) throw schoolFull(seats)
  }
  return data
}
