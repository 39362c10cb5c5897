import { BILLING_PROVIDERS, SUBSCRIPTION_STATUSES } from '@lyceum/domain'
import { type Actor, adminTenants } from '@lyceum/tenancy'
import type { CollectionConfig } from 'payload'
import { inTenants } from '../../access/rules/inTenants.ts'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/** School admins see their own school's subscription; the platform sees all. */
const subscriptionReaders = (actor: Actor) => adminTenants(actor)

/**
 * A school's subscription at its payment provider. Written only by the hub's billing worker,
 * from verified webhook events through the @lyceum/billing state machine.
 */
export const Subscriptions: CollectionConfig = {
  slug: 'subscriptions',
  graphQL: { singularName: 'Subscription', pluralName: 'Subscriptions' },
  admin: {
    useAsTitle: 'providerSubscriptionId',
    defaultColumns: ['tenant', 'provider', 'status', 'currentPeriodEnd'],
  },
  access: {
    read: inTenants(subscriptionReaders),
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  fields: [
    { name: 'provider', type: 'select', required: true, options: [...BILLING_PROVIDERS] },
    { name: 'providerCustomerId', type: 'text', index: true },
    { name: 'providerSubscriptionId', type: 'text', index: true },
    { name: 'plan', type: 'relationship', relationTo: 'plans' },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'incomplete',
      options: [...SUBSCRIPTION_STATUSES],
      index: true,
    },
    { name: 'currentPeriodEnd', type: 'date' },
    { name: 'trialEnd', type: 'date' },
    { name: 'cancelAtPeriodEnd', type: 'checkbox', defaultValue: false },
    {
      name: 'lastEventAt',
      type: 'date',
      admin: { description: 'Provider timestamp of the last applied event; older events are stale.' },
    },
  ],
}
