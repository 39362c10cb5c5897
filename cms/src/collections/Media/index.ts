import { authorTenants, memberTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { createInTenants } from '../../access/rules/createInTenants.ts'
import { inTenants } from '../../access/rules/inTenants.ts'
import { env } from '../../env.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { enforceStorageQuota } from './hooks/enforceStorageQuota.ts'
import { keepFileFacts } from './hooks/keepFileFacts.ts'

/** Uploaded files of a school (covers, attachments, logos), counted against the plan's storage. */
export const Media: CollectionConfig = {
  slug: 'media',
  graphQL: { singularName: 'Media', pluralName: 'AllMedia' },
  admin: { useAsTitle: 'filename' },
  upload: {
    staticDir: env.LYCEUM_MEDIA_DIR,
    mimeTypes: ['image/*', 'application/pdf', 'video/mp4', 'audio/mpeg', 'text/plain', 'application/zip'],
  },
  access: {
    read: inTenants(memberTenants),
    create: createInTenants(authorTenants),
    update: inTenants(authorTenants),
    delete: inTenants(authorTenants),
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeChange: [keepFileFacts, enforceStorageQuota],
  },
  fields: [{ name: 'alt', type: 'text', maxLength: 300 }],
}
