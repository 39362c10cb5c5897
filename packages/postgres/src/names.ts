/** Database names we create or drop: lowercase letters, digits and `_`, 1–63 characters. */
export const DATABASE_NAME_PATTERN = /^[a-z0-9_]{1,63}$/

/**
 * Checks a database name against {@link DATABASE_NAME_PATTERN}.
 *
 * @throws Error naming the bad value and the allowed characters.
 */
export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME_PATTERN.test(name)) {
    throw new Error(
      `Invalid database name ${JSON.stringify(name)}: use 1 to 63 lowercase letters, digits or underscores.`,
    )
  }
}

/**
 * Quotes a database name for use as an SQL identifier (`"name"`), after validating it with
 * {@link assertDatabaseName}, so it can never carry SQL.
 *
 * @throws Error if the name is not a valid database name.
 */
export function quoteIdentifier(name: string): string {
  assertDatabaseName(name)
  return `"${name}"`
}

/**
 * Returns `url` (a `postgres://` connection URL) pointing at database `name` instead, keeping
 * credentials, host, port and query parameters.
 *
 * @throws Error if the name is not a valid database name or `url` is not a URL.
 */
export function withDatabase(url: string, name: string): string {
  assertDatabaseName(name)
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/** `host:port` of a connection URL, for messages. Never includes the password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`
  } catch {
    return '(unparseable URL)'
  }
}
