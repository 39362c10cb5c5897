import { BILLING_EVENT_OUTCOMES, BILLING_PROVIDERS } from '@lyceum/domain'
import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/**
 * The webhook inbox: every verified provider event, stored before the hub answers 200 and
 * processed later by a durable job. `(provider, eventId)` is unique, so a redelivery is a no-op.
 */
export const BillingEvents: CollectionConfig = {
  slug: 'billing-events',
  graphQL: { singularName: 'BillingEvent', pluralName: 'BillingEvents' },
  admin: { useAsTitle: 'eventId', defaultColumns: ['provider', 'type', 'occurredAt', 'outcome'] },
  access: {
    read: platformOnly,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  indexes: [{ fields: ['provider', 'eventId'], unique: true }],
  fields: [
    { name: 'provider', type: 'select', required: true, options: [...BILLING_PROVIDERS] },
    { name: 'eventId', type: 'text', required: true, index: true },
    { name: 'type', type: 'text', required: true, index: true },
    { name: 'occurredAt', type: 'date', required: true },
    { name: 'tenant', type: 'relationship', relationTo: 'tenants', index: true },
    { name: 'payload', type: 'json', required: true, admin: { description: 'The raw, verified event.' } },
    { name: 'processedAt', type: 'date' },
    {
      name: 'outcome',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      options: [...BILLING_EVENT_OUTCOMES],
      index: true,
    },
    { name: 'error', type: 'textarea' },
  ],
}
