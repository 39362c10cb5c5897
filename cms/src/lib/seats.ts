import { sql } from '@payloadcms/db-postgres'
import { APIError, type PayloadRequest, type Where } from 'payload'

/**
 * The conditions (to `and` together) on `invitations` that select school `tenantId`'s open
 * invitations: not accepted (`acceptedAt` unset) and not expired (`expiresAt` after now). One
 * definition for the seats invitations reserve (decision 060) and for the accounts a school's
 * key may reach (invitedByKey).
 */
export function openInvitationsOf(tenantId: string): Where[] {
  return [
    { tenant: { equals: tenantId } },
    { acceptedAt: { exists: false } },
    { expiresAt: { greater_than: new Date().toISOString() } },
  ]
}

/** A school's seats: the plan's limit (null: no plan, no limit), its members and open invitations. */
export type Seats = { limit: number | null; members: number; pending: number }

/**
 * Counts a school's seats. Source of truth: the plan's `limits.seats` ("members per school",
 * decision 040), the `users` whose memberships name the school, and the open (not accepted, not
 * expired) invitations, which reserve a seat each (decision 060). For a person joining, pass
 * their account (`except.user`, left out of the members) and email (`except.email`: their own
 * invitations hold the seat they are taking, so they are left out of `pending`). Reads with
 * overrideAccess, inside the request's transaction.
 */
export async function seatsOf(
  req: PayloadRequest,
  tenantId: string,
  except: { user?: string | null; email?: string | null } = {},
): Promise<Seats> {
  const tenant = await req.payload.findByID({
    collection: 'tenants',
    id: tenantId,
    depth: 1,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  const plan = tenant && typeof tenant.plan === 'object' && tenant.plan ? tenant.plan : null
  const limit = typeof plan?.limits?.seats === 'number' ? plan.limits.seats : null
  if (limit === null) return { limit, members: 0, pending: 0 }
  const members = await req.payload.count({
    collection: 'users',
    where: {
      and: [
        { 'memberships.tenant': { equals: tenantId } },
        ...(except.user ? [{ id: { not_equals: except.user } }] : []),
      ],
    },
    overrideAccess: true,
    req,
  })
  const pending = await req.payload.count({
    collection: 'invitations',
    where: {
      and: [
        ...openInvitationsOf(tenantId),
        ...(except.email ? [{ email: { not_equals: except.email.trim().toLowerCase() } }] : []),
      ],
    },
    overrideAccess: true,
    req,
  })
  return { limit, members: members.totalDocs, pending: pending.totalDocs }
}

/** The part of the Postgres adapter used to reach the request's transaction. */
type TransactionSessions = {
  sessions?: Record<string | number, { db?: { execute(query: unknown): Promise<unknown> } } | undefined>
}

/**
 * Serializes seat-taking writes of school `tenantId` until the request's transaction ends: a
 * PostgreSQL transaction-scoped advisory lock, taken before the seats are counted. Two joins or
 * invitations racing for a school's last seat then count one after the other, and the second
 * sees the first's committed row (409). Without a transaction (none was opened for the
 * request) there is nothing to hold the lock to, and the count runs unserialized.
 */
export async function lockSeats(req: PayloadRequest, tenantId: string): Promise<void> {
  const id = req.transactionID === undefined ? undefined : await req.transactionID
  const session =
    id === undefined ? undefined : (req.payload.db as unknown as TransactionSessions).sessions?.[id]
  await session?.db?.execute(sql`select pg_advisory_xact_lock(hashtext(${`seats:${tenantId}`}))`)
}

/**
 * The 409 a full school answers with (the tenant-app shows its own "The school is full" for it).
 * `data` carries the numbers for clients: `{ seats, members, pending }`.
 */
export function schoolFull(seats: Seats): APIError {
  return new APIError(
    `This school is full: ${seats.members} members and ${seats.pending} open invitations for ${seats.limit} seats. Remove a member, revoke an invitation or upgrade the plan.`,
    409,
    { seats: seats.limit, members: seats.members, pending: seats.pending },
    true,
  )
}
