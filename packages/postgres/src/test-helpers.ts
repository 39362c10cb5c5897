// Helpers for this package's own integration tests (not exported).
import { mkdtemp } from 'node:fs/promises'
import net from 'node:net'
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

/**
 * A port in 20000–29999 that is free right now. The range lies below Linux's ephemeral range
 * (32768–60999), so outgoing connections, which take their local ports from there, never
 * collide with it; binding it once checks that no other program listens on it.
 */
export async function randomPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 10000)
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port found in 20000–29999')
}

/**
 * Starts an embedded server on a free port from {@link randomPort}, trying another port (up to
 * 5 times) when the chosen one is taken in between.
 */
export async function startOnRandomPort(
  opts: Omit<EmbeddedPostgresOptions, 'port'>,
): Promise<EmbeddedPostgresServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ ...opts, port: await randomPort() })
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || !error.message.includes('already in use')) throw error
    }
  }
}
