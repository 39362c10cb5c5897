/**
 * Read-only impersonation of a school's admin by a super-admin (decision 100): the signed tokens.
 *
 * Two kinds, both `imp1.<base64url JSON>.<base64url HMAC-SHA256>`, signed with a key derived
 * from the cms's own secret (`payload.secret`), so only the cms can mint or verify them — the
 * hub asks for a ticket with the platform key, a school's instance redeems it with its tenant key:
 * - a **ticket** (2 minutes, single use): carried in the redirect URL to `<slug>.<root>/impersonate`;
 * - a **session** (15 minutes from redemption): kept by the school's instance in a host-only
 *   cookie and sent back as `Authorization: Impersonation <session>`.
 *
 * "Single use" and "ended" are answered by the append-only audit log: redemption writes
 * `admin.impersonation.start` (target `impersonations:<id>`), exit or expiry writes
 * `admin.impersonation.end`; a ticket whose start entry exists is spent, a session whose end
 * entry exists is over.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

export const TICKET_TTL_MS = 2 * 60 * 1000
export const SESSION_TTL_MS = 15 * 60 * 1000

/** Audit-log actions and target of one impersonation. */
export const IMPERSONATION_START = 'admin.impersonation.start'
export const IMPERSONATION_END = 'admin.impersonation.end'
export const impersonationTarget = (id: string) => `impersonations:${id}`

/** The name of the Payload auth strategy; `req.user._strategy` carries it (read-only marker). */
export const IMPERSONATION_STRATEGY = 'lyceum-impersonation'

const claimsSchema = z.object({
  k: z.enum(['ticket', 'session']),
  /** The impersonation's id: the ticket's and, after redemption, the session's. */
  id: z.string().uuid(),
  tenant: z.string().min(1),
  /** The school admin viewed. */
  admin: z.string().min(1),
  adminEmail: z.string(),
  /** The super-admin viewing. */
  by: z.string().min(1),
  byEmail: z.string(),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
})
export type ImpersonationClaims = z.infer<typeof claimsSchema>

const PREFIX = 'imp1'

function keyOf(secret: string): Buffer {
  return createHmac('sha256', secret).update('lyceum impersonation v1').digest()
}

const macOf = (secret: string, body: string) =>
  createHmac('sha256', keyOf(secret)).update(`${PREFIX}.${body}`).digest('base64url')

/** Signs claims into a token. */
export function signImpersonation(secret: string, claims: ImpersonationClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${PREFIX}.${body}.${macOf(secret, body)}`
}

/**
 * The claims of an authentic token of `kind`, or null (forged, malformed, another kind).
 * Expiry is NOT checked here: callers compare `exp` themselves (ending an expired session is
 * allowed, using one is not).
 */
export function verifyImpersonation(
  secret: string,
  token: unknown,
  kind: ImpersonationClaims['k'],
): ImpersonationClaims | null {
  if (typeof token !== 'string' || token.length > 4096) return null
  const [prefix, body, mac, extra] = token.split('.')
  if (prefix !== PREFIX || !body || !mac || extra !== undefined) return null
  const expected = Buffer.from(macOf(secret, body))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const claims = claimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))
    return claims.k === kind ? claims : null
  } catch {
    return null
  }
}

/** A fresh ticket's claims. */
export function newTicketClaims(
  input: Omit<ImpersonationClaims, 'k' | 'id' | 'exp'>,
  now = Date.now(),
): ImpersonationClaims {
  return { ...input, k: 'ticket', id: randomUUID(), exp: now + TICKET_TTL_MS }
}
