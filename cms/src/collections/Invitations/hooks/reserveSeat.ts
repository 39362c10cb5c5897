import { isPlatform } from '@lyceum/tenancy'
import type { CollectionBeforeChangeHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'
import { lockSeats, schoolFull, seatsOf } from '../../../lib/seats.ts'

/**
 * An open invitation reserves a seat (decision 060): creating one is refused with 409 when the
 * school's members plus open invitations already fill the plan's `limits.seats`. The platform
 * is not held to it.
 */
export const reserveSeat: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create' || !req.user || isPlatform(actorOf(req))) return data
  const tenantId = idOf(data.tenant)
  if (!tenantId) return data
  await lockSeats(req, tenantId)
  const seats = await seatsOf(req, tenantId)
  if (seats.limit !== null && seats.members + seats.pending >= seats.limit) throw schoolFull(seats)
  return data
}
