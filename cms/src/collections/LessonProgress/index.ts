import { authorTenants, platformTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createOwnOrInTenants } from '../../access/rules/createOwnOrInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { ownOrInTenants } from '../../access/rules/ownOrInTenants.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { progressNeedsEnrollment } from './hooks/progressNeedsEnrollment.ts'

/** A learner's progress on one lesson. Learners write their own; staff read their school's. */
export const LessonProgress: CollectionConfig = {
  slug: 'lesson-progress',
  graphQL: { singularName: 'LessonProgress', pluralName: 'LessonProgressRecords' },
  admin: { defaultColumns: ['user', 'lesson', 'completedAt'] },
  access: {
    read: ownOrInTenants(authorTenants),
    create: createOwnOrInTenants(platformTenants),
    update: ownOrInTenants(platformTenants),
    delete: inTenants(authorTenants),
  },
  indexes: [{ fields: ['user', 'lesson'], unique: true }],
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ lesson: 'lessons' }), progressNeedsEnrollment],
  },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'lesson', type: 'relationship', relationTo: 'lessons', required: true, index: true },
    { name: 'course', type: 'relationship', relationTo: 'courses', index: true, admin: { readOnly: true } },
    { name: 'completedAt', type: 'date' },
    { name: 'positionSeconds', type: 'number', min: 0, defaultValue: 0 },
  ],
}
