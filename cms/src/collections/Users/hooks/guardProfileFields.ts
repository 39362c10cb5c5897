import { isPlatform } from '@lyceum/tenancy'
import { APIError, type CollectionBeforeOperationHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'

const PROFILE_FIELDS = ['email', 'password', 'name'] as const

/**
 * An account may belong to several schools, so only its owner (or the platform) changes its
 * email, password or name. A school admin changes only the member's role and membership.
 */
export const guardProfileFields: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'update') return args
  const { data, id, overrideAccess } = args as {
    data?: Record<string, unknown>
    id?: string
    overrideAccess?: boolean
  }
  // REST and GraphQL leave overrideAccess undefined, which Payload treats as "enforce access".
  if (overrideAccess === true || !data) return args
  const actor = actorOf(req)
  if (isPlatform(actor)) return args
  const touched = PROFILE_FIELDS.filter((field) => field in data)
  const self = actor.kind === 'member' && id !== undefined && String(id) === actor.userId
  if (touched.length > 0 && !self) {
    throw new APIError(
      `Only the member can change their own ${touched.join(', ')}. School admins can change a member's role and membership.`,
      403,
      null,
      true,
    )
  }
  return args
}
