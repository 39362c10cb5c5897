import { dropLeakedTestDatabases, getTestServer } from './db.ts'

/**
 * vitest `globalSetup` (wired by `defineLyceumConfig`): once per vitest run, before any worker,
 * starts or reuses the test PostgreSQL, so a broken setup fails fast with one clear message
 * rather than in every test file. Workers then call `getTestServer()`, which finds the server
 * already up. There is no teardown: the shared embedded server outlives this run on purpose
 * (see `getTestServer`). On the embedded server it also drops databases leaked by dead processes.
 */
export default async function setup(): Promise<void> {
  const serverUrl = await getTestServer()
  if (!process.env.DATABASE_URL) await dropLeakedTestDatabases(serverUrl)
}
