import { authorTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { readContent } from '../../access/rules/readContent.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'

/** A course of one school. Learners and the school's key see it once published. */
export const Courses: CollectionConfig = {
  slug: 'courses',
  graphQL: { singularName: 'Course', pluralName: 'Courses' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', 'published'] },
  versions: { maxPerDoc: 25 },
  access: {
    read: readContent('published', { anonymousCatalog: true }),
    readVersions: inTenants(authorTenants, 'version.tenant'),
    create: createInTenants(authorTenants),
    update: inTenants(authorTenants),
    delete: inTenants(authorTenants),
  },
  indexes: [{ fields: ['tenant', 'slug'], unique: true }],
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ cover: 'media' })],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    {
      name: 'slug',
      type: 'text',
      required: true,
      index: true,
      validate: (v: unknown) =>
        (typeof v === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v)) ||
        'Use lowercase letters, digits and single hyphens, like intro-to-writing.',
    },
    { name: 'summary', type: 'textarea', maxLength: 1000 },
    { name: 'cover', type: 'relationship', relationTo: 'media' },
    { name: 'published', type: 'checkbox', defaultValue: false, index: true },
  ],
}
