import { REPORT_COMMENT_MAX, REPORT_ITEM_TYPES, REPORT_REASONS, REPORT_STATUSES } from '@lyceum/domain'
import { platformTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createOwnOrInTenants } from '../../access/rules/createOwnOrInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { ownOrInTenants } from '../../access/rules/ownOrInTenants.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { reportItem } from './hooks/reportItem.ts'

/**
 * A member's report of a lesson or a media file of their school (moderation, decision 095).
 * Any member creates reports, for themselves, on items of that school only (a foreign item id
 * answers like a missing one); a member reads only their own reports; super-admins and the
 * platform key (the hub's console) read and decide all of them. One report per (reporter,
 * item): a unique index on `reporter` + `itemKey`, and a 400 "You already reported this." first.
 */
export const Reports: CollectionConfig = {
  slug: 'reports',
  graphQL: { singularName: 'Report', pluralName: 'Reports' },
  admin: { defaultColumns: ['itemKey', 'reason', 'status', 'reporter', 'createdAt'] },
  access: {
    read: ownOrInTenants(platformTenants, 'reporter'),
    create: createOwnOrInTenants(platformTenants, 'reporter'),
    update: inTenants(platformTenants),
    delete: inTenants(platformTenants),
  },
  indexes: [{ fields: ['reporter', 'itemKey'], unique: true }],
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ lesson: 'lessons', media: 'media' }), reportItem],
  },
  fields: [
    { name: 'itemType', type: 'select', required: true, options: [...REPORT_ITEM_TYPES] },
    {
      name: 'lesson',
      type: 'relationship',
      relationTo: 'lessons',
      index: true,
      admin: { description: 'The lesson reported, or the lesson a reported media file was shown on.' },
    },
    { name: 'media', type: 'relationship', relationTo: 'media', index: true },
    {
      name: 'course',
      type: 'relationship',
      relationTo: 'courses',
      index: true,
      admin: { readOnly: true, description: 'Set from the lesson.' },
    },
    {
      name: 'itemKey',
      type: 'text',
      index: true,
      admin: { readOnly: true, description: '<itemType>:<id>, set by the cms; groups the queue.' },
    },
    { name: 'reason', type: 'select', required: true, options: [...REPORT_REASONS] },
    { name: 'comment', type: 'textarea', maxLength: REPORT_COMMENT_MAX },
    { name: 'reporter', type: 'relationship', relationTo: 'users', required: true, index: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'open',
      index: true,
      options: [...REPORT_STATUSES],
    },
    { name: 'decidedAt', type: 'date' },
    { name: 'decidedBy', type: 'relationship', relationTo: 'users' },
  ],
}
