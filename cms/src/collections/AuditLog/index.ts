import { adminTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { inTenants } from '../../access/rules/inTenants.ts'
import { nobody } from '../../access/rules/nobody.ts'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/**
 * Who did what, when. Append-only: no request may update or delete an entry, and the database
 * refuses UPDATE and DELETE on the table (trigger in the migrations). School admins read their
 * own school's entries; the platform reads all.
 */
export const AuditLog: CollectionConfig = {
  slug: 'audit-log',
  graphQL: { singularName: 'AuditLogEntry', pluralName: 'AuditLogEntries' },
  admin: { useAsTitle: 'action', defaultColumns: ['at', 'actor', 'action', 'tenant', 'target'] },
  access: {
    read: inTenants(adminTenants),
    create: platformOnly,
    update: nobody,
    delete: nobody,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  fields: [
    {
      name: 'actor',
      type: 'text',
      required: true,
      index: true,
      admin: { description: 'user:<id>, key:<id> or system' },
    },
    { name: 'tenant', type: 'relationship', relationTo: 'tenants', index: true },
    { name: 'action', type: 'text', required: true, index: true },
    { name: 'target', type: 'text', required: true, admin: { description: '<collection>:<id>' } },
    { name: 'at', type: 'date', required: true, index: true },
    { name: 'details', type: 'json' },
  ],
}
