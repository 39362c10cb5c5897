import type { CollectionConfig } from 'payload'
import { impersonationStrategy } from '../../access/impersonation.ts'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { impersonationEndpoints } from '../../endpoints/impersonation.ts'
import { schoolResetTokenEndpoint } from '../../endpoints/schoolResetToken.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { adminPanel } from './access/adminPanel.ts'
import { createUser } from './access/create.ts'
import { platformField } from './access/platformField.ts'
import { platformRoleField } from './access/platformRoleField.ts'
import { readUsers } from './access/read.ts'
import { updateUsers } from './access/update.ts'
import { enforceSeats } from './hooks/enforceSeats.ts'
import { guardMemberships } from './hooks/guardMemberships.ts'
import { guardProfileFields } from './hooks/guardProfileFields.ts'
import { hideForeignMemberships } from './hooks/hideForeignMemberships.ts'

/**
 * People. One account per email across the platform; `memberships` (added by the multi-tenant
 * plugin, one row per school with a role) says where the person belongs and as what.
 * Login locks for 10 minutes after 5 failed attempts.
 */
export const Users: CollectionConfig = {
  slug: 'users',
  graphQL: { singularName: 'User', pluralName: 'Users' },
  auth: {
    maxLoginAttempts: 5,
    lockTime: 10 * 60 * 1000,
    tokenExpiration: 2 * 60 * 60,
    cookies: { sameSite: 'Lax' },
    // Read-only impersonation sessions (decision 100); the local JWT strategy stays on.
    strategies: [impersonationStrategy],
  },
  admin: { useAsTitle: 'email', defaultColumns: ['email', 'name', 'platformRole'] },
  access: {
    admin: adminPanel,
    read: readUsers,
    create: createUser,
    update: updateUsers,
    delete: platformOnly,
    unlock: platformOnly,
  },
  endpoints: [schoolResetTokenEndpoint, ...impersonationEndpoints],
  hooks: {
    beforeOperation: [foreignIdIsMissing, guardProfileFields],
    beforeChange: [guardMemberships, enforceSeats],
    afterRead: [hideForeignMemberships],
  },
  fields: [
    { name: 'name', type: 'text', maxLength: 120 },
    {
      name: 'platformRole',
      type: 'select',
      options: ['super-admin'],
      admin: { description: 'Super-admins manage every school.' },
      access: { create: platformRoleField, update: platformRoleField },
    },
    {
      name: 'emailVerified',
      type: 'checkbox',
      defaultValue: true,
      admin: {
        description:
          'False only for a hub signup whose emailed code has not been entered yet: the hub refuses to sign it in.',
      },
      access: { create: platformField, update: platformField },
    },
  ],
}
