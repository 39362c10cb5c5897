import { MEMBER_ROLES } from '@lyceum/domain'
import { adminTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { schoolKeyOrStaff } from '../../access/rules/schoolKeyOrStaff.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { grantInvitedRole } from './hooks/grantInvitedRole.ts'
import { inviteOnce } from './hooks/inviteOnce.ts'
import { reserveSeat } from './hooks/reserveSeat.ts'

/**
 * An invitation to join a school with a role (learner by default): created by the school's
 * admins (only they may invite admins and instructors), accepted once through the school's own
 * site (its key marks it accepted by the invited email's account, and the cms then gives that
 * account the role: grantInvitedRole). Only the SHA-256 of the one-time token is stored; the link
 * carries the token. Expires 7 days after it is created; an open one reserves a seat.
 */
export const Invitations: CollectionConfig = {
  slug: 'invitations',
  graphQL: { singularName: 'Invitation', pluralName: 'Invitations' },
  admin: { useAsTitle: 'email', defaultColumns: ['email', 'expiresAt', 'acceptedAt'] },
  access: {
    read: schoolKeyOrStaff(adminTenants),
    create: createInTenants(adminTenants),
    update: schoolKeyOrStaff(adminTenants),
    delete: inTenants(adminTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [inviteOnce, reserveSeat],
    afterChange: [grantInvitedRole],
  },
  fields: [
    { name: 'email', type: 'email', required: true, index: true },
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'learner',
      options: [...MEMBER_ROLES],
      admin: { description: 'The role the invited person gets in the school on accepting.' },
    },
    {
      name: 'tokenHash',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      admin: { readOnly: true, description: 'SHA-256 (hex) of the one-time token in the link.' },
    },
    { name: 'expiresAt', type: 'date', admin: { readOnly: true } },
    { name: 'invitedBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
    { name: 'acceptedAt', type: 'date', admin: { readOnly: true } },
    { name: 'acceptedBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
  ],
}
