import { isPlatform } from '@lyceum/tenancy'
import type { CollectionBeforeChangeHook } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { fieldErrors, refuseChanges } from '../../../lib/fieldErrors.ts'
import { idOf } from '../../../lib/ids.ts'

const ITEM_FIELDS = ['itemType', 'lesson', 'media', 'reporter', 'reason', 'comment'] as const

/**
 * Completes and guards a report (runs after sameTenantRelations has checked that `lesson` and
 * `media` exist in the report's school for the caller).
 * - create: the item named by `itemType` is required; `course` comes from the lesson and
 *   `itemKey` is `<itemType>:<id>`; a second report of the same item by the same reporter is a
 *   ValidationError (400) "You already reported this." on the item's field (the unique index
 *   on reporter + itemKey backs it up against a race). Anyone but the platform files an `open`
 *   report with no decision.
 * - update: what was reported, by whom and why never changes; only the decision fields do.
 */
export const reportItem: CollectionBeforeChangeHook = async ({
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
      fields: ITEM_FIELDS,
      fail,
      message: (field) => `The ${field} of a report cannot change.`,
    })
    return { ...data, itemKey: originalDoc?.itemKey, course: originalDoc?.course }
  }
  const itemType = data.itemType === 'media' ? 'media' : 'lesson'
  const itemId = idOf(data[itemType])
  if (!itemId) throw fail(itemType, `Choose the ${itemType} to report.`)
  const lessonId = idOf(data.lesson)
  const lesson = lessonId
    ? await req.payload.findByID({
        collection: 'lessons',
        id: lessonId,
        depth: 0,
        select: { course: true },
        overrideAccess: true,
        disableErrors: true,
        req,
      })
    : null
  const itemKey = `${itemType}:${itemId}`
  const duplicates = await req.payload.count({
    collection: 'reports',
    where: { and: [{ reporter: { equals: idOf(data.reporter) } }, { itemKey: { equals: itemKey } }] },
    overrideAccess: true,
    req,
  })
  if (duplicates.totalDocs > 0) throw fail(itemType, 'You already reported this.')
  const decided = isPlatform(actorOf(req)) ? {} : { status: 'open', decidedAt: null, decidedBy: null }
  return { ...data, ...decided, itemKey, course: idOf(lesson?.course) }
}
