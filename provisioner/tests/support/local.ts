/**
 * Helpers for tests that run real instances through the local driver: the fixture server, a
 * throw-away data directory, and a sweep that kills every process a driver left behind.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { findMarkedProcesses, terminate } from '../../src/drivers/local/processes.ts'

/** The fixture tenant server (see tests/fixtures/tenant-server.ts). */
export const FIXTURE_SERVER = path.resolve(import.meta.dirname, '..', 'fixtures', 'tenant-server.ts')

/** A fresh data directory under the OS temp dir; remove it with {@link removeDataDir}. */
export function tempDataDir(prefix = 'lyceum-prov-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix))
}

/** Kills every live process marked with `driverId`, then removes `dataDir`. */
export async function removeDataDir(dataDir: string, driverId?: string): Promise<void> {
  if (driverId) await killMarked(driverId)
  await rm(dataDir, { recursive: true, force: true })
}

/** Kills every live process marked with `driverId`. @returns their pids. */
export async function killMarked(driverId: string): Promise<number[]> {
  const found = (await findMarkedProcesses(driverId)) ?? []
  await Promise.all(found.map((p) => terminate(p.pid, 1_000)))
  return found.map((p) => p.pid)
}

/** The environment instances inherit in tests (what the provisioner passes in production). */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[key]
    if (value) env[key] = value
  }
  return env
}

/** GET `http://127.0.0.1:<port><path>` as JSON. */
export async function getJson<T>(port: number, pathname: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${pathname}`, { signal: AbortSignal.timeout(5_000) })
  return { status: res.status, body: (await res.json()) as T }
}

/** Polls `check` every `intervalMs` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
