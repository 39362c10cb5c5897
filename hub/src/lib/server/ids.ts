/**
 * The id of a cms relationship value, whether the cms sent the id itself (a string) or the
 * populated document (`{ id, … }`, its id as a string); null for anything else (null, missing).
 */
export const relId = (value: unknown): string | null =>
  typeof value === 'string'
    ? value
    : value && typeof value === 'object' && 'id' in value
      ? String((value as { id: unknown }).id)
      : null
