import { PROVISIONING_ACTIONS, PROVISIONING_RUN_STATUSES } from '@lyceum/domain'
import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/** One lifecycle run of the provisioner for one tenant, with its step log. */
export const ProvisioningRuns: CollectionConfig = {
  slug: 'provisioning-runs',
  graphQL: { singularName: 'ProvisioningRun', pluralName: 'ProvisioningRuns' },
  admin: { defaultColumns: ['tenant', 'action', 'status', 'currentStep', 'attempts'] },
  access: {
    read: platformOnly,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  fields: [
    { name: 'tenant', type: 'relationship', relationTo: 'tenants', required: true, index: true },
    { name: 'action', type: 'select', required: true, options: [...PROVISIONING_ACTIONS] },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'queued',
      options: [...PROVISIONING_RUN_STATUSES],
      index: true,
    },
    { name: 'currentStep', type: 'text' },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'error', type: 'textarea' },
    { name: 'startedAt', type: 'date' },
    { name: 'finishedAt', type: 'date' },
    {
      name: 'steps',
      type: 'array',
      fields: [
        { name: 'step', type: 'text', required: true },
        {
          name: 'status',
          type: 'select',
          required: true,
          options: ['running', 'succeeded', 'failed', 'skipped'],
        },
        { name: 'attempt', type: 'number', required: true, min: 1 },
        { name: 'startedAt', type: 'date', required: true },
        { name: 'finishedAt', type: 'date' },
        { name: 'message', type: 'textarea' },
      ],
    },
  ],
}
