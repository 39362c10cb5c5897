import { adminTenants, authorTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createOwnOrInTenants } from '../../access/rules/createOwnOrInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { ownOrInTenants } from '../../access/rules/ownOrInTenants.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { enrollOnlyMembers } from './hooks/enrollOnlyMembers.ts'

/** A learner's enrollment in a course. Learners see their own; staff see their school's. */
export const Enrollments: CollectionConfig = {
  slug: 'enrollments',
  graphQL: { singularName: 'Enrollment', pluralName: 'Enrollments' },
  admin: { defaultColumns: ['user', 'course', 'enrolledAt', 'completedAt'] },
  access: {
    read: ownOrInTenants(authorTenants),
    create: createOwnOrInTenants(authorTenants),
    update: ownOrInTenants(authorTenants),
    delete: inTenants(adminTenants),
  },
  indexes: [{ fields: ['user', 'course'], unique: true }],
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ course: 'courses' }), enrollOnlyMembers],
  },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'course', type: 'relationship', relationTo: 'courses', required: true, index: true },
    { name: 'enrolledAt', type: 'date', defaultValue: () => new Date().toISOString() },
    { name: 'completedAt', type: 'date' },
    {
      name: 'lastLesson',
      type: 'relationship',
      relationTo: 'lessons',
      admin: { description: 'Where to resume.' },
    },
  ],
}
