import { adminTenants, scopeIncludes } from '@lyceum/tenancy'
import { APIError, type CollectionBeforeChangeHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
import { idOf } from '../../../lib/ids.ts'

const TTL_MS = 7 * 24 * 60 * 60 * 1000

/**
 * On create: the expiry is 7 days from now and the inviter is the caller, whatever was sent; the
 * token hash must look like SHA-256 hex; an admin or instructor role may only come from an admin
 * of the school (403 otherwise). On update: only `acceptedAt`/`acceptedBy` may be set, once,
 * before the expiry, and `acceptedBy` must be the account of the invited email (so a school's
 * key cannot hand an invited role to someone else); the address may be corrected until then;
 * nothing else changes (the role neither).
 */
export const inviteOnce: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
  collection,
}) => {
  const fail = fieldErrors(req, collection)
  if (operation === 'create') {
    if (typeof data.tokenHash !== 'string' || !/^[0-9a-f]{64}$/.test(data.tokenHash)) {
      throw fail('tokenHash', 'The token hash must be 64 lowercase hex characters (SHA-256).')
    }
    const role = data.role ?? 'learner'
    if (role !== 'learner' && req.user && !scopeIncludes(adminTenants(actorOf(req)), idOf(data.tenant))) {
      throw new APIError('Only an admin of the school may invite admins and instructors.', 403, null, true)
    }
    const user = req.user as { id?: unknown; collection?: string } | null | undefined
    return {
      role,
      ...data,
      email: String(data.email ?? '')
        .trim()
        .toLowerCase(),
      expiresAt: new Date(Date.now() + TTL_MS).toISOString(),
      invitedBy: user?.collection === 'users' ? idOf(user.id) : null,
      acceptedAt: null,
      acceptedBy: null,
    }
  }
  refuseChanges({
    data,
    originalDoc,
    fields: ['tokenHash', 'expiresAt', 'invitedBy', 'role', 'tenant'],
    fail,
    message: 'An invitation cannot change; revoke it and send a new one.',
    compare: 'json',
  })
  if ('email' in data && data.email !== originalDoc?.email) {
    if (originalDoc?.acceptedAt) throw fail('email', 'This invitation was already used.')
    data.email = String(data.email ?? '')
      .trim()
      .toLowerCase()
  }
  if ('acceptedAt' in data || 'acceptedBy' in data) {
    if (originalDoc?.acceptedAt) throw fail('acceptedAt', 'This invitation was already used.')
    if (!originalDoc?.expiresAt || Date.parse(originalDoc.expiresAt) <= Date.now()) {
      throw fail('acceptedAt', 'This invitation has expired.')
    }
    // Request-driven acceptance names the account; system calls (seed, tests) may not.
    const by = idOf(data.acceptedBy)
    const account = by
      ? await req.payload.findByID({
          collection: 'users',
          id: by,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
          req,
        })
      : null
    if (
      req.user &&
      data.acceptedAt &&
      (!account || account.email.toLowerCase() !== String(data.email ?? originalDoc.email).toLowerCase())
    ) {
      throw fail('acceptedBy', 'An invitation is accepted by the account of the invited email.')
    }
  }
  return data
}
