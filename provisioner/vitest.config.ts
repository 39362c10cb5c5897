import { defineLyceumConfig } from '@lyceum/testing/vitest'

// The database is on: the engine's integration tests (tests/*.int.test.ts) run graphile-worker and
// the real cms on the shared test PostgreSQL. The gateway's unit tests do not use it.
export default defineLyceumConfig()
