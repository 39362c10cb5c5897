import { APIError, addDataAndFileToRequest, type Endpoint, headersWithCors } from 'payload'
import { actorOf } from '../access/actor.ts'
import { idOf } from '../lib/ids.ts'

/**
 * `POST /api/users/school-reset-token` with `{ email }`, for a school's own key only (decision
 * 061): a password-reset token (Payload's own, 1 hour, single use, set without sending Payload's
 * mail) for an account that belongs to THIS school and to no other, and has no platform role.
 * The school's instance mails the link on its own host. Answers `{ token: string | null }`: null
 * for an unknown email, another school's member, a multi-school or platform account — the
 * instance answers every case the same to its visitor. Anyone else gets 403.
 *
 * Why only single-school accounts: an account may be staff of several schools; a reset token in
 * one instance's hands would let a compromised instance take over the account everywhere. Those
 * reset on the hub.
 */
export const schoolResetTokenEndpoint: Endpoint = {
  method: 'post',
  path: '/school-reset-token',
  handler: async (req) => {
    const actor = actorOf(req)
    if (actor.kind !== 'tenant-key')
      throw new APIError('Only a school’s key may ask for this.', 403, null, true)
    await addDataAndFileToRequest(req)
    const raw = (req.data as { email?: unknown } | undefined)?.email
    const email = typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 254) : ''
    const json = (token: string | null) =>
      Response.json({ token }, { headers: headersWithCors({ headers: new Headers(), req }) })
    if (!email.includes('@')) return json(null)
    const { docs } = await req.payload.find({
      collection: 'users',
      where: { email: { equals: email } },
      limit: 1,
      depth: 0,
      overrideAccess: true,
      showHiddenFields: true,
    })
    const user = docs[0] as
      | { memberships?: Array<{ tenant?: unknown }> | null; platformRole?: unknown }
      | undefined
    const schools = (user?.memberships ?? []).map((row) => idOf(row.tenant))
    const onlyHere = schools.length === 1 && schools[0] === actor.tenantId
    if (!user || !onlyHere || user.platformRole) return json(null)
    const token = await req.payload.forgotPassword({
      collection: 'users',
      data: { email },
      disableEmail: true,
      overrideAccess: true,
    })
    return json(typeof token === 'string' ? token : null)
  },
}
