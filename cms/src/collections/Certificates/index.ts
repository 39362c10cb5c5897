import { adminTenants, authorTenants, platformTenants } from '@lyceum/tenancy'
import type { Access, CollectionConfig } from 'payload'
import { createOwnOrInTenants } from '../../access/rules/createOwnOrInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { ownOrInTenants } from '../../access/rules/ownOrInTenants.ts'
import { schoolKeyOrStaff } from '../../access/rules/schoolKeyOrStaff.ts'
import { anyOf } from '../../access/scope.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { sameTenantRelations } from '../../hooks/sameTenantRelations.ts'
import { issueWhenComplete } from './hooks/issueWhenComplete.ts'

/** The learner's own; the school's staff; and the school's key, whose public page verifies them. */
const readCertificates: Access = (args) =>
  anyOf(
    ownOrInTenants(authorTenants)(args) as ReturnType<typeof anyOf>,
    schoolKeyOrStaff(authorTenants)(args) as ReturnType<typeof anyOf>,
  )

/**
 * A certificate of completion. Issued (created) for a learner only when every lesson of the
 * course is complete and every quiz of it passed — the cms checks, whoever asks. The verification
 * `code` is random and unguessable; the learner's name and the course title are kept as they were
 * when it was issued. Never edited; school admins may revoke (delete) one.
 */
export const Certificates: CollectionConfig = {
  slug: 'certificates',
  graphQL: { singularName: 'Certificate', pluralName: 'Certificates' },
  admin: { useAsTitle: 'code', defaultColumns: ['code', 'learnerName', 'courseTitle', 'issuedAt'] },
  access: {
    read: readCertificates,
    create: createOwnOrInTenants(platformTenants),
    update: inTenants(platformTenants),
    delete: inTenants(adminTenants),
  },
  indexes: [{ fields: ['user', 'course'], unique: true }],
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [sameTenantRelations({ course: 'courses' }), issueWhenComplete],
  },
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'course', type: 'relationship', relationTo: 'courses', required: true, index: true },
    {
      name: 'code',
      type: 'text',
      unique: true,
      index: true,
      admin: { readOnly: true, description: 'The public verification code.' },
    },
    { name: 'learnerName', type: 'text', admin: { readOnly: true } },
    { name: 'courseTitle', type: 'text', admin: { readOnly: true } },
    { name: 'issuedAt', type: 'date', admin: { readOnly: true } },
  ],
}
