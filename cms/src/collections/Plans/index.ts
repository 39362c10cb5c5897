import { BILLING_INTERVALS } from '@lyceum/domain'
import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/** What a school can buy. Public: the hub's pricing page lists active plans. */
export const Plans: CollectionConfig = {
  slug: 'plans',
  graphQL: { singularName: 'Plan', pluralName: 'Plans' },
  admin: { useAsTitle: 'name', defaultColumns: ['code', 'name', 'priceMinor', 'currency', 'interval'] },
  access: {
    read: () => true,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  fields: [
    { name: 'code', type: 'text', required: true, unique: true, index: true },
    { name: 'name', type: 'text', required: true },
    { name: 'active', type: 'checkbox', defaultValue: true, index: true },
    { name: 'sortOrder', type: 'number', defaultValue: 0 },
    {
      name: 'priceMinor',
      type: 'number',
      required: true,
      min: 0,
      admin: { description: 'Price per interval in minor units (cents).' },
    },
    {
      name: 'currency',
      type: 'text',
      required: true,
      defaultValue: 'EUR',
      validate: (v: unknown) =>
        (typeof v === 'string' && /^[A-Z]{3}$/.test(v)) || 'Use an ISO 4217 code like EUR.',
    },
    {
      name: 'interval',
      type: 'select',
      required: true,
      defaultValue: 'month',
      options: [...BILLING_INTERVALS],
    },
    { name: 'trialDays', type: 'number', required: true, defaultValue: 0, min: 0, max: 365 },
    {
      name: 'limits',
      type: 'group',
      fields: [
        {
          name: 'seats',
          type: 'number',
          required: true,
          min: 1,
          admin: { description: 'Members per school.' },
        },
        {
          name: 'storageBytes',
          type: 'number',
          required: true,
          min: 0,
          admin: { description: 'Media storage in bytes.' },
        },
        { name: 'courses', type: 'number', required: true, min: 0 },
      ],
    },
    {
      name: 'providerPrices',
      type: 'group',
      admin: { description: 'Price ids at the payment providers; empty for the sandbox.' },
      fields: [
        { name: 'stripe', type: 'text' },
        { name: 'paddle', type: 'text' },
      ],
    },
  ],
}
