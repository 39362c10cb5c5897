import {
  APIError,
  addDataAndFileToRequest,
  type Endpoint,
  headersWithCors,
  type PayloadRequest,
} from 'payload'
import { actorOf } from '../access/actor.ts'
import { idOf } from '../lib/ids.ts'
import {
  IMPERSONATION_END,
  IMPERSONATION_START,
  type ImpersonationClaims,
  impersonationTarget,
  newTicketClaims,
  SESSION_TTL_MS,
  signImpersonation,
  verifyImpersonation,
} from '../lib/impersonation.ts'

/**
 * Read-only impersonation of a school's admin (decision 100), three endpoints on `users`:
 *
 * - `POST /api/users/impersonation-ticket` `{ tenant, by }` — the platform key only (the hub's
 *   console, after its own super-admin check): `by` must be a super-admin account. Answers
 *   `{ ticket, ticketId, expiresAt, admin: { id, email } }` (2 minutes, single use); 404 for an
 *   unknown school, 409 when the school has no admin.
 * - `POST /api/users/impersonation-redeem` `{ ticket }` — the school's own key only: a ticket of
 *   THIS school, unexpired and unused, becomes a 15-minute session
 *   `{ session, id, endsAt, admin: { id, email }, by: { email } }` and `admin.impersonation.start`
 *   is written. Every other ticket (forged, expired, used, another school's) gets the same 403.
 * - `POST /api/users/impersonation-end` `{ session, reason: 'exit' | 'expired' }` — the school's
 *   key: writes `admin.impersonation.end` once (also for an expired session); `{ ended: true }`.
 */

const json = (req: PayloadRequest, body: unknown) =>
  Response.json(body, { headers: headersWithCors({ headers: new Headers(), req }) })

async function bodyOf(req: PayloadRequest): Promise<Record<string, unknown>> {
  await addDataAndFileToRequest(req)
  const data = req.data
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
}

/** The part of the Postgres adapter's `pg` pool used here (pg is not a direct dependency). */
type LockPool = {
  connect(): Promise<{ query(text: string, values: unknown[]): Promise<unknown>; release(): void }>
}

/**
 * Runs `fn` holding a PostgreSQL advisory lock on the impersonation's id (a session-level lock on
 * a connection of its own): two redemptions of one ticket, even on two cms replicas, take turns,
 * so the second sees the first's start entry.
 */
async function withLock<T>(req: PayloadRequest, id: string, fn: () => Promise<T>): Promise<T> {
  const pool = (req.payload.db as unknown as { pool: LockPool }).pool
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`impersonation:${id}`])
    try {
      return await fn()
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [`impersonation:${id}`])
    }
  } finally {
    client.release()
  }
}

/** Whether the audit log holds `action` for the impersonation `id`. */
export async function hasAuditEntry(req: Pick<PayloadRequest, 'payload'>, action: string, id: string) {
  const { totalDocs } = await req.payload.count({
    collection: 'audit-log',
    where: { action: { equals: action }, target: { equals: impersonationTarget(id) } },
    overrideAccess: true,
  })
  return totalDocs > 0
}

const refused = () =>
  new APIError(
    'This viewing link is not valid: it expired, was already used, or is for another school.',
    403,
    null,
    true,
  )

export const impersonationTicketEndpoint: Endpoint = {
  method: 'post',
  path: '/impersonation-ticket',
  handler: async (req) => {
    if (actorOf(req).kind !== 'platform-key')
      throw new APIError('Only the platform may ask for this.', 403, null, true)
    const body = await bodyOf(req)
    const tenantId = typeof body.tenant === 'string' ? body.tenant : ''
    const byId = typeof body.by === 'string' ? body.by : ''
    const uuid = /^[0-9a-f-]{36}$/i
    if (!uuid.test(byId)) throw new APIError('`by` must be a super-admin account id.', 400, null, true)
    const by = await req.payload.findByID({
      collection: 'users',
      id: byId,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
    })
    if (by?.platformRole !== 'super-admin')
      throw new APIError('`by` must be a super-admin account id.', 400, null, true)
    const tenant = uuid.test(tenantId)
      ? await req.payload.findByID({
          collection: 'tenants',
          id: tenantId,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
        })
      : null
    if (!tenant) throw new APIError('Not Found', 404, null, true)
    const { docs } = await req.payload.find({
      collection: 'users',
      where: { 'memberships.tenant': { equals: tenantId } },
      sort: 'createdAt',
      limit: 100,
      depth: 0,
      overrideAccess: true,
    })
    // The school's first admin (its owner): memberships are filtered here, as one `where` on two
    // fields of an array may match two different rows.
    const admin = docs.find((user) =>
      (user.memberships ?? []).some((row) => idOf(row.tenant) === tenantId && row.role === 'admin'),
    )
    if (!admin) throw new APIError('This school has no admin to view as.', 409, null, true)
    const claims = newTicketClaims({
      tenant: tenantId,
      admin: admin.id,
      adminEmail: admin.email,
      by: by.id,
      byEmail: by.email,
    })
    return json(req, {
      ticket: signImpersonation(req.payload.secret, claims),
      ticketId: claims.id,
      expiresAt: new Date(claims.exp).toISOString(),
      admin: { id: admin.id, email: admin.email },
    })
  },
}

export const impersonationRedeemEndpoint: Endpoint = {
  method: 'post',
  path: '/impersonation-redeem',
  handler: async (req) => {
    const actor = actorOf(req)
    if (actor.kind !== 'tenant-key')
      throw new APIError('Only a school’s key may ask for this.', 403, null, true)
    const body = await bodyOf(req)
    const ticket = verifyImpersonation(req.payload.secret, body.ticket, 'ticket')
    if (!ticket || ticket.tenant !== actor.tenantId || ticket.exp <= Date.now()) throw refused()
    const session: ImpersonationClaims = { ...ticket, k: 'session', exp: Date.now() + SESSION_TTL_MS }
    const endsAt = new Date(session.exp).toISOString()
    await withLock(req, ticket.id, async () => {
      if (await hasAuditEntry(req, IMPERSONATION_START, ticket.id)) throw refused()
      await req.payload.create({
        collection: 'audit-log',
        data: {
          actor: `user:${ticket.by}`,
          tenant: ticket.tenant,
          action: IMPERSONATION_START,
          target: impersonationTarget(ticket.id),
          at: new Date().toISOString(),
          details: {
            by: ticket.byEmail,
            admin: ticket.adminEmail,
            adminId: ticket.admin,
            endsAt,
            readOnly: true,
          },
        },
        overrideAccess: true,
      })
    })
    return json(req, {
      session: signImpersonation(req.payload.secret, session),
      id: ticket.id,
      endsAt,
      admin: { id: ticket.admin, email: ticket.adminEmail },
      by: { email: ticket.byEmail },
    })
  },
}

export const impersonationEndEndpoint: Endpoint = {
  method: 'post',
  path: '/impersonation-end',
  handler: async (req) => {
    const actor = actorOf(req)
    if (actor.kind !== 'tenant-key')
      throw new APIError('Only a school’s key may ask for this.', 403, null, true)
    const body = await bodyOf(req)
    const session = verifyImpersonation(req.payload.secret, body.session, 'session')
    if (!session || session.tenant !== actor.tenantId) throw refused()
    const reason = body.reason === 'expired' || session.exp <= Date.now() ? 'expired' : 'exit'
    await withLock(req, session.id, async () => {
      if (await hasAuditEntry(req, IMPERSONATION_END, session.id)) return
      await req.payload.create({
        collection: 'audit-log',
        data: {
          actor: `user:${session.by}`,
          tenant: session.tenant,
          action: IMPERSONATION_END,
          target: impersonationTarget(session.id),
          at: new Date().toISOString(),
          details: { by: session.byEmail, admin: session.adminEmail, reason },
        },
        overrideAccess: true,
      })
    })
    return json(req, { ended: true })
  },
}

export const impersonationEndpoints = [
  impersonationTicketEndpoint,
  impersonationRedeemEndpoint,
  impersonationEndEndpoint,
]
