import type { CollectionBeforeChangeHook } from 'payload'
import { membershipsOf } from '../../../access/actor.ts'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
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
  const fail = fieldErrors(req, collection)
  if (operation === 'update') {
    refuseChanges({
      data,
      originalDoc,
      fields: ['user'],
      fail,
      message: 'The member of an enrollment cannot change.',
    })
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
  if (!member) throw fail('user', 'No member with this id exists in this school.')
  return data
}
