import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/**
 * Hub sign-in sessions. The browser holds a random token in an HttpOnly cookie; only its SHA-256
 * is stored here. A login creates a new row and deletes the one it replaces; a logout deletes
 * the row. Platform only: the hub reads them with the platform key.
 */
export const AccountSessions: CollectionConfig = {
  slug: 'account-sessions',
  graphQL: { singularName: 'AccountSession', pluralName: 'AccountSessions' },
  admin: { useAsTitle: 'user', defaultColumns: ['user', 'expiresAt', 'createdAt'] },
  access: {
    read: platformOnly,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  fields: [
    // Not required: deleting the account nulls it (the hub then treats the session as gone).
    { name: 'user', type: 'relationship', relationTo: 'users', index: true },
    {
      name: 'tokenHash',
      type: 'text',
      required: true,
      unique: true,
      admin: { description: 'SHA-256 of the cookie token, hex.' },
    },
    { name: 'expiresAt', type: 'date', required: true, index: true },
  ],
}
