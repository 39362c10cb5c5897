import { LOCALES, TENANT_STATUSES } from '@lyceum/domain'
import { memberTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { inTenants } from '../../access/rules/inTenants.ts'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'
import { platformField } from './access/platformField.ts'
import { updateTenant } from './access/update.ts'
import { auditTenantChange } from './hooks/auditTenantChange.ts'
import { logoFromOwnMedia } from './hooks/logoFromOwnMedia.ts'
import { readableBrandColor } from './hooks/readableBrandColor.ts'
import { validateSlug } from './hooks/validateSlug.ts'

/** A school. Source of truth for its slug, status, plan, locale and branding. */
export const Tenants: CollectionConfig = {
  slug: 'tenants',
  graphQL: { singularName: 'Tenant', pluralName: 'Tenants' },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'slug', 'status', 'plan'] },
  access: {
    read: inTenants(memberTenants, 'id'),
    create: platformOnly,
    update: updateTenant,
    delete: platformOnly,
  },
  hooks: {
    beforeOperation: [foreignIdIsMissing],
    beforeValidate: [validateSlug],
    beforeChange: [logoFromOwnMedia, readableBrandColor],
    afterChange: [auditTenantChange],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      admin: { description: 'The school’s subdomain: 3–63 lowercase letters, digits or hyphens.' },
      access: { update: platformField },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      options: [...TENANT_STATUSES],
      index: true,
      access: { create: platformField, update: platformField },
    },
    {
      name: 'statusReason',
      type: 'text',
      admin: { description: 'Why the school is failed or suspended; shown to super-admins.' },
      access: { create: platformField, update: platformField },
    },
    {
      name: 'plan',
      type: 'relationship',
      relationTo: 'plans',
      access: { create: platformField, update: platformField },
    },
    { name: 'locale', type: 'select', required: true, defaultValue: 'en', options: [...LOCALES] },
    {
      name: 'branding',
      type: 'group',
      fields: [
        { name: 'logo', type: 'relationship', relationTo: 'media' },
        {
          name: 'primaryColor',
          type: 'text',
          defaultValue: '#1d4ed8',
          validate: (value: unknown) =>
            typeof value !== 'string' ||
            /^#[0-9a-fA-F]{6}$/.test(value) ||
            'Use a colour in the form #1d4ed8.',
        },
      ],
    },
    {
      name: 'allowSelfSignup',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'Learners may create their own account on the school’s site.' },
    },
  ],
}
