import { authorTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { readContent } from '../../access/rules/readContent.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'

/** An ordered part of a course, holding lessons. Visible with its course. */
export const Sections: CollectionConfig = {
  slug: 'sections',
  graphQL: { singularName: 'Section', pluralName: 'Sections' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'course', 'order'] },
  access: {
    read: readContent('course.published'),
    create: createInTenants(authorTenants),
    update: inTenants(authorTenants),
    delete: inTenants(authorTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ course: 'courses' })],
  },
  fields: [
    { name: 'course', type: 'relationship', relationTo: 'courses', required: true, index: true },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'order', type: 'number', required: true, defaultValue: 0, index: true },
  ],
}
