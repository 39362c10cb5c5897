import pg from 'pg'
import { describeServer } from './names.ts'

/**
 * Opens one `pg.Client` on `url`, runs `fn` with it and always closes it.
 *
 * Errors the server sends outside a query (e.g. the session being terminated) are ignored rather
 * than crashing the process; the query in flight still rejects.
 *
 * @param url `postgres://` connection URL.
 * @param connectTimeoutMs how long to wait for the connection, in milliseconds (default 5000).
 * @throws whatever connecting or `fn` throws.
 */
export async function withClient<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
  connectTimeoutMs = 5000,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs })
  client.on('error', () => {})
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Preflight check: connects to `url` and runs `SELECT 1`, waiting at most `timeoutMs`
 * milliseconds (default 3000).
 *
 * @throws Error saying which `host:port` was tried (never the password), why it failed, and what
 *   to do: start the server or fix the URL, or unset `DATABASE_URL` to use the embedded server.
 */
export async function assertReachable(url: string, timeoutMs = 3000): Promise<void> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'), timeoutMs)
  } catch (error) {
    const reason = error instanceof Error && error.message ? error.message : String(error)
    throw new Error(
      `Cannot reach PostgreSQL at ${describeServer(url)} (${reason}). ` +
        'Start that server or fix the URL (user, password, database), ' +
        'or unset DATABASE_URL to use the embedded PostgreSQL server.',
      { cause: error },
    )
  }
}
