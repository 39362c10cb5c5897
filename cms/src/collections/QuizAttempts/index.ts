import { authorTenants, platformTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createOwnOrInTenants } from '../../access/rules/createOwnOrInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { ownOrInTenants } from '../../access/rules/ownOrInTenants.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { gradeAttempt } from './hooks/gradeAttempt.ts'

/**
 * One attempt at a quiz. The learner sends their answers; the cms grades them (score, passed,
 * which questions were right) whatever else the request says. Attempts are never edited:
 * learners create their own, staff read their school's and may delete (reset) them.
 */
export const QuizAttempts: CollectionConfig = {
  slug: 'quiz-attempts',
  graphQL: { singularName: 'QuizAttempt', pluralName: 'QuizAttempts' },
  admin: { defaultColumns: ['user', 'quiz', 'score', 'passed', 'createdAt'] },
  access: {
    read: ownOrInTenants(authorTenants),
    create: createOwnOrInTenants(platformTenants),
    update: inTenants(platformTenants),
    delete: inTenants(authorTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ quiz: 'quizzes' }), gradeAttempt],
  },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'quiz', type: 'relationship', relationTo: 'quizzes', required: true, index: true },
    { name: 'course', type: 'relationship', relationTo: 'courses', index: true, admin: { readOnly: true } },
    {
      name: 'answers',
      type: 'json',
      required: true,
      admin: { description: 'Per question id, the ids of the options chosen.' },
    },
    { name: 'score', type: 'number', min: 0, max: 100, admin: { readOnly: true, description: 'Percent.' } },
    { name: 'passed', type: 'checkbox', index: true, admin: { readOnly: true } },
    {
      name: 'results',
      type: 'json',
      admin: { readOnly: true, description: 'Per question id: whether it was answered right.' },
    },
  ],
}
