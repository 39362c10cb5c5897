import { authorTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { readContent } from '../../access/rules/readContent.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { courseFromSection } from './hooks/courseFromSection.ts'

/** A lesson: rich text, an optional video, downloadable attachments (the school's media), its length and its place in the section. */
export const Lessons: CollectionConfig = {
  slug: 'lessons',
  graphQL: { singularName: 'Lesson', pluralName: 'Lessons' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'section', 'order', 'durationSeconds'] },
  versions: { maxPerDoc: 25 },
  access: {
    read: readContent('course.published'),
    readVersions: inTenants(authorTenants, 'version.tenant'),
    create: createInTenants(authorTenants),
    update: inTenants(authorTenants),
    delete: inTenants(authorTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [
      sameTenantRelations({ section: 'sections', course: 'courses', attachments: 'media' }),
      courseFromSection,
    ],
  },
  fields: [
    { name: 'section', type: 'relationship', relationTo: 'sections', required: true, index: true },
    {
      name: 'course',
      type: 'relationship',
      relationTo: 'courses',
      index: true,
      admin: { readOnly: true, description: 'Set from the section.' },
    },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'slug', type: 'text', required: true, index: true },
    { name: 'content', type: 'richText' },
    {
      name: 'videoUrl',
      type: 'text',
      validate: (v: unknown) => {
        if (v === null || v === undefined || v === '') return true
        try {
          const url = new URL(String(v))
          return url.protocol === 'https:' || 'Use an https:// video address.'
        } catch {
          return 'Enter a full video address, starting with https://.'
        }
      },
    },
    {
      name: 'attachments',
      type: 'relationship',
      relationTo: 'media',
      hasMany: true,
      maxRows: 20,
      admin: { description: 'Files learners can download from the lesson (the school’s own media).' },
    },
    { name: 'durationSeconds', type: 'number', required: true, defaultValue: 0, min: 0, max: 86_400 },
    { name: 'order', type: 'number', required: true, defaultValue: 0, index: true },
  ],
}
