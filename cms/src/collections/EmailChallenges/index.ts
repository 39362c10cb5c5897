import type { CollectionConfig } from 'payload'
import { platformOnly } from '../../access/rules/platformOnly.ts'
import { foreignIdIsMissing } from '../../hooks/foreignIdIsMissing.ts'

/** What an emailed secret proves: 'signup' (the address is the signer's), or 'reset' (the right to set a new password). */
export const EMAIL_CHALLENGE_PURPOSES = ['signup', 'reset'] as const

/**
 * Secrets the hub mails to an address: 6-digit signup codes and password-reset tokens. Only a
 * keyed hash of the secret is stored (the hub holds the key), never the secret itself. Each row
 * is one send, so the rows of the last 15 minutes are the per-address send limit. Platform only:
 * nobody else reads or writes them.
 */
export const EmailChallenges: CollectionConfig = {
  slug: 'email-challenges',
  graphQL: { singularName: 'EmailChallenge', pluralName: 'EmailChallenges' },
  admin: { useAsTitle: 'email', defaultColumns: ['email', 'purpose', 'expiresAt', 'attempts', 'usedAt'] },
  access: {
    read: platformOnly,
    create: platformOnly,
    update: platformOnly,
    delete: platformOnly,
  },
  hooks: { beforeOperation: [foreignIdIsMissing] },
  indexes: [{ fields: ['email', 'purpose'] }],
  fields: [
    {
      name: 'email',
      type: 'text',
      required: true,
      index: true,
      admin: { description: 'Lower-cased address.' },
    },
    { name: 'purpose', type: 'select', required: true, options: [...EMAIL_CHALLENGE_PURPOSES] },
    {
      name: 'secretHash',
      type: 'text',
      required: true,
      index: true,
      admin: { description: 'HMAC-SHA256 of the code or token, hex.' },
    },
    { name: 'user', type: 'relationship', relationTo: 'users', index: true },
    { name: 'expiresAt', type: 'date', required: true },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'usedAt', type: 'date', admin: { description: 'Set once: the secret is single use.' } },
  ],
}
