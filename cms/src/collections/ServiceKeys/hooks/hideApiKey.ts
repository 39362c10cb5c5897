import type { CollectionAfterReadHook } from 'payload'

/**
 * An API key is never read back, not even by the platform: whoever mints a key chooses it and
 * passes it in (the provisioner hands it to the school's instance), and Payload stores only its
 * encrypted form and a lookup index.
 */
export const hideApiKey: CollectionAfterReadHook = ({ doc }) => {
  const { apiKey: _apiKey, ...rest } = doc as Record<string, unknown>
  return rest
}
