// Helpers for this package's own integration tests (not exported).
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type EmbeddedPostgresOptions,
  type EmbeddedPostgresServer,
  startEmbeddedPostgres,
} from './embedded.ts'

/** A new empty directory under the OS temp dir (world-traversable, so the `postgres` user can use it). */
export function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'lyceum-pg-test-'))
}

/** A random port in 55000–58999. */
export function randomPort(): number {
  return 55000 + Math.floor(Math.random() * 4000)
}

/**
 * Starts an embedded server on a random port in 55000–58999, trying another port (up to 5
 * times) when the chosen one turns out to be taken.
 */
export async function startOnRandomPort(
  opts: Omit<EmbeddedPostgresOptions, 'port'>,
): Promise<EmbeddedPostgresServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ ...opts, port: randomPort() })
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || !error.message.includes('already in use')) throw error
    }
  }
}
