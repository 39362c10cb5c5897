import { defineLyceumConfig } from '@lyceum/testing/vitest'

// The database is on: the engine's integration tests (tests/*.int.test.ts) run graphile-worker and
// the real cms on the shared test PostgreSQL. The gateway's unit tests do not use it.
// Those tests start processes and wait on conditions with their own deadlines (up to 60 s), so
// the per-test limit sits above them: a slower CI machine must not fail a test that is only slow.
export default defineLyceumConfig({ test: { testTimeout: 120_000 } })
