import {
  APIError,
  type AuthStrategy,
  type CollectionBeforeOperationHook,
  type SanitizedConfig,
} from 'payload'
import { hasAuditEntry } from '../endpoints/impersonation.ts'
import { idOf } from '../lib/ids.ts'
import { IMPERSONATION_END, IMPERSONATION_STRATEGY, verifyImpersonation } from '../lib/impersonation.ts'

/**
 * `Authorization: Impersonation <session>` (decision 100): the request acts as the school admin
 * named by a live impersonation session — signed by this cms, unexpired, not ended — with only
 * that school's membership row and no platform role, so the access rules scope it to that one
 * school whatever else the account belongs to. {@link readOnlyImpersonation} then refuses every
 * write it attempts.
 */
export const impersonationStrategy: AuthStrategy = {
  name: IMPERSONATION_STRATEGY,
  authenticate: async ({ headers, payload }) => {
    const header = headers.get('authorization') ?? ''
    if (!header.startsWith('Impersonation ')) return { user: null }
    const session = verifyImpersonation(
      payload.secret,
      header.slice('Impersonation '.length).trim(),
      'session',
    )
    if (!session || session.exp <= Date.now()) return { user: null }
    if (await hasAuditEntry({ payload }, IMPERSONATION_END, session.id)) return { user: null }
    const user = await payload.findByID({
      collection: 'users',
      id: session.admin,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
    })
    if (!user) return { user: null }
    const memberships = (user.memberships ?? []).filter((row) => idOf(row.tenant) === session.tenant)
    if (memberships.length === 0) return { user: null }
    return {
      user: {
        ...user,
        memberships,
        platformRole: null,
        collection: 'users',
        _strategy: IMPERSONATION_STRATEGY,
      },
    }
  },
}

/** Operations that only read. Everything else (create, update, delete, auth changes) is a write. */
const READS = new Set(['read', 'readDistinct', 'count', 'countVersions'])

const refuseWrites: CollectionBeforeOperationHook = ({ operation, req }) => {
  const user = req.user as { _strategy?: string } | null | undefined
  if (user?._strategy === IMPERSONATION_STRATEGY && !READS.has(operation)) {
    throw new APIError(
      'Read-only: this session views the school as its admin; changes are refused.',
      403,
      null,
      true,
    )
  }
}

/**
 * Puts the read-only rule first on every collection, Payload's own included (preferences,
 * locks): a request authenticated by {@link impersonationStrategy} may read, never write.
 */
export function readOnlyImpersonation(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    collection.hooks.beforeOperation = [refuseWrites, ...(collection.hooks.beforeOperation ?? [])]
  }
  return config
}
