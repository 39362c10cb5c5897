import { withClient } from './client.ts'
import { assertDatabaseName, quoteIdentifier } from './names.ts'

// Each function takes `serverUrl`: a connection URL to a database other than the one acted on,
// normally the server's `postgres` maintenance database.

/**
 * Creates database `name`, optionally as a copy of database `template`.
 *
 * @throws Error if a name is invalid (see `assertDatabaseName`), or PostgreSQL's error (e.g.
 *   `42P04` duplicate_database, `55006` when another session is connected to the template).
 */
export async function createDatabase(
  serverUrl: string,
  name: string,
  opts: { template?: string } = {},
): Promise<void> {
  const template = opts.template === undefined ? '' : ` TEMPLATE ${quoteIdentifier(opts.template)}`
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}${template}`))
}

/**
 * Drops database `name` if it exists, disconnecting its sessions (`WITH (FORCE)`). A template
 * database (`IS_TEMPLATE true`) is turned back into a normal one first, as PostgreSQL refuses
 * to drop templates.
 *
 * @throws Error if the name is invalid, or PostgreSQL's error.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const ident = quoteIdentifier(name)
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [name],
    )
    if (rows[0]?.datistemplate) await client.query(`ALTER DATABASE ${ident} IS_TEMPLATE false`)
    await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`)
  })
}

/**
 * Whether database `name` exists on the server.
 *
 * @throws Error if the name is invalid or the server cannot be reached.
 */
export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  assertDatabaseName(name)
  return withClient(serverUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    return rowCount === 1
  })
}
