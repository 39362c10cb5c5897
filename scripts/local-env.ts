/**
 * The local environment `npm start` and `npm run seed` share: the data folder, the secrets kept in
 * .data/secrets.json, and the database (DATABASE_URL, else the embedded server).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  assertReachable,
  createDatabase,
  databaseExists,
  resolveDatabaseServer,
  servesDataDir,
  withDatabase,
} from '@lyceum/postgres'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Where the local platform keeps its data: LYCEUM_DATA_DIR, else `.data/` in the checkout. */
export const dataDir = process.env.LYCEUM_DATA_DIR
  ? path.resolve(process.env.LYCEUM_DATA_DIR)
  : path.join(root, '.data')

/** A port from the environment variable `name`, else `fallback`. @throws on a non-port value. */
export function port(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name} must be a port number (1–65535), got "${raw}"`)
  }
  return value
}

/** The local platform's ports, each configurable by its environment variable. */
export function localPorts() {
  return {
    gateway: port('LYCEUM_GATEWAY_PORT', 8080),
    cms: port('LYCEUM_CMS_PORT', 3001),
    hub: port('LYCEUM_HUB_PORT', 3000),
    smtp: port('LYCEUM_SMTP_PORT', 1025),
    mailWeb: port('LYCEUM_MAIL_WEB_PORT', 1080),
    pg: port('LYCEUM_PG_PORT', 54329),
  }
}

export type Secrets = { PAYLOAD_SECRET: string; LYCEUM_PLATFORM_KEY: string }

/** Secrets from env, else from .data/secrets.json, else generated there once (mode 0600). */
export function secrets(): Secrets {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'secrets.json')
  const stored: Partial<Secrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>)
    : {}
  const value: Secrets = {
    PAYLOAD_SECRET: process.env.PAYLOAD_SECRET || stored.PAYLOAD_SECRET || randomBytes(32).toString('hex'),
    LYCEUM_PLATFORM_KEY:
      process.env.LYCEUM_PLATFORM_KEY ||
      stored.LYCEUM_PLATFORM_KEY ||
      `plk_${randomBytes(24).toString('hex')}`,
  }
  if (
    stored.PAYLOAD_SECRET !== value.PAYLOAD_SECRET ||
    stored.LYCEUM_PLATFORM_KEY !== value.LYCEUM_PLATFORM_KEY
  ) {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
  }
  return value
}

export type LocalDatabase = {
  /** The `lyceum` database (or DATABASE_URL as given). */
  url: string
  embedded: boolean
  /** Stops the embedded server if this call started it; a no-op otherwise. */
  stop(): Promise<void>
}

/**
 * DATABASE_URL if set. Else the embedded server on LYCEUM_PG_PORT (54329): reused when it is
 * already running (a started platform), started otherwise; its `lyceum` database is created once.
 */
export async function openDatabase(): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) {
    await assertReachable(process.env.DATABASE_URL)
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
  }
  const pgPort = port('LYCEUM_PG_PORT', 54329)
  const running = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`
  const reused = await assertReachable(running, 1_000).then(
    () => true,
    () => false,
  )
  const pgDataDir = path.join(dataDir, 'postgres')
  // Re-adopt only our own server (left by a start that crashed). Another data folder's server on
  // this port has other secrets: its schools' keys would be refused by our cms.
  if (reused && !(await servesDataDir(running, pgDataDir))) {
    throw new Error(
      `A PostgreSQL server of another data folder already listens on 127.0.0.1:${pgPort} (another checkout's, or another LYCEUM_DATA_DIR's, npm start?). Stop it, or give this platform its own port with LYCEUM_PG_PORT.`,
    )
  }
  const server = reused
    ? { url: running, stop: async () => {} }
    : await resolveDatabaseServer({ dataDir: pgDataDir, port: pgPort })
  if (!(await databaseExists(server.url, 'lyceum'))) await createDatabase(server.url, 'lyceum')
  return { url: withDatabase(server.url, 'lyceum'), embedded: true, stop: () => server.stop() }
}
