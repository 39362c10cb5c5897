import { SERVICE_KEY_KINDS } from '@lyceum/domain'
import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { mintKeys } from './access/mintKeys.ts'
import { auditKeyChange } from './hooks/auditKeyChange.ts'
import { checkKeyShape } from './hooks/checkKeyShape.ts'
import { hideApiKey } from './hooks/hideApiKey.ts'

/**
 * Service credentials, sent as `Authorization: service-keys API-Key <key>`.
 * - `tenant`: one per school instance, scoped to that school alone; the provisioner mints it.
 * - `platform`: for the hub and the provisioner.
 * Revoking sets `revokedAt` and disables the key at once; a revoked key authenticates as nobody.
 */
export const ServiceKeys: CollectionConfig = {
  slug: 'service-keys',
  graphQL: { singularName: 'ServiceKey', pluralName: 'ServiceKeys' },
  auth: { useAPIKey: true, disableLocalStrategy: true },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'kind', 'tenant', 'revokedAt'] },
  access: {
    admin: mintKeys,
    read: platformOnly,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [checkKeyShape],
    afterChange: [auditKeyChange],
    afterRead: [hideApiKey],
  },
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'kind', type: 'select', required: true, options: [...SERVICE_KEY_KINDS], index: true },
    { name: 'tenant', type: 'relationship', relationTo: 'tenants', index: true },
    { name: 'revokedAt', type: 'date', index: true },
  ],
}
