import type { Access } from 'payload'

/** No request may do this, whoever asks (system code uses `overrideAccess: true`). */
export const nobody: Access = () => false
