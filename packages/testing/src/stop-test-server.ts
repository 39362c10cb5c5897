/**
 * Stops the shared embedded test PostgreSQL that test runs leave running for reuse (its data
 * and templates are kept). Usage, from the repo root: `node packages/testing/src/stop-test-server.ts`
 */
import { stopTestServer, testServerConfig } from './db.ts'

const { port, dataDir } = testServerConfig()
const stopped = await stopTestServer()
console.log(
  stopped
    ? `Stopped the test PostgreSQL on port ${port} (data kept in ${dataDir}).`
    : `No test PostgreSQL was running on ${dataDir}.`,
)
