/**
 * The id of a relationship value as the cms sends it: the id itself (a non-empty string, or a
 * number) or the populated document (`{ id, … }`). Null for anything else (null, missing, an
 * empty string). One definition for the cms's hooks, the hub and the tenant-app.
 */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value
  if (typeof value === 'number') return String(value)
  if (value && typeof value === 'object' && 'id' in value) return idOf((value as { id: unknown }).id)
  return null
}
