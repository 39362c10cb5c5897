import { authorTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { readContent } from '../../access/rules/readContent.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { courseFromSection } from '../Lessons/hooks/courseFromSection.ts'
import { seeAnswers } from './access/seeAnswers.ts'
import { validateQuestions } from './hooks/validateQuestions.ts'

/**
 * A quiz at the end of a section: single- or multiple-choice questions and a passing score (%).
 * Read like lessons (published content for learners and the school's key). Which options are
 * correct is hidden from learners; attempts are graded by the cms (quiz-attempts).
 */
export const Quizzes: CollectionConfig = {
  slug: 'quizzes',
  graphQL: { singularName: 'Quiz', pluralName: 'Quizzes' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'section', 'passingScore'] },
  access: {
    read: readContent('course.published'),
    create: createInTenants(authorTenants),
    update: inTenants(authorTenants),
    delete: inTenants(authorTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [
      sameTenantRelations({ section: 'sections', course: 'courses' }),
      courseFromSection,
      validateQuestions,
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
    {
      name: 'passingScore',
      type: 'number',
      required: true,
      defaultValue: 70,
      min: 0,
      max: 100,
      admin: { description: 'Percent of questions answered right to pass.' },
    },
    {
      name: 'questions',
      type: 'array',
      maxRows: 100,
      fields: [
        { name: 'prompt', type: 'text', required: true, maxLength: 500 },
        {
          name: 'kind',
          type: 'select',
          required: true,
          defaultValue: 'single',
          options: [
            { label: 'One answer', value: 'single' },
            { label: 'Several answers', value: 'multiple' },
          ],
        },
        {
          name: 'options',
          type: 'array',
          minRows: 2,
          maxRows: 10,
          required: true,
          fields: [
            { name: 'text', type: 'text', required: true, maxLength: 300 },
            { name: 'correct', type: 'checkbox', defaultValue: false, access: { read: seeAnswers } },
          ],
        },
        {
          name: 'explanation',
          type: 'textarea',
          maxLength: 1000,
          admin: { description: 'Shown to the learner after each attempt.' },
        },
      ],
    },
  ],
}
