import { type CollectionBeforeChangeHook, ValidationError } from 'payload'
import { membershipsOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'

/**
 * The enrolled person must be a member of the course's school. A foreign or missing user gets
 * the same message. The user of an existing enrollment never changes.
 */
export const enrollOnlyMembers: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
  collection,
}) => {
  const fail = (message: string) =>
    new ValidationError({ collection: collection.slug, errors: [{ path: 'user', message }] }, req.t)
  if (operation === 'update') {
    if ('user' in data && idOf(data.user) !== idOf(originalDoc?.user))
      throw fail('The member of an enrollment cannot change.')
    return data
  }
  const tenantId = idOf(data.tenant)
  const userId = idOf(data.user)
  const user = userId
    ? await req.payload.findByID({
        collection: 'users',
        id: userId,
        depth: 0,
        overrideAccess: true,
        disableErrors: true,
        req,
      })
    : null
  const member = user && membershipsOf(user.memberships).some((m) => m.tenantId === tenantId)
  if (!member) throw fail('No member with this id exists in this school.')
  return data
}
