import { defineLyceumConfig } from '@lyceum/testing/vitest'

// Browser tests against the production build (`vite build` first; turbo's test:e2e depends on
// build), with a stand-in cms served by the test itself; and integration tests (*.int.test.ts)
// against the real cms build on a real PostgreSQL (turbo builds the cms first).
export default defineLyceumConfig(
  {
    test: {
      include: ['tests/**/*.e2e.test.ts', 'tests/**/*.int.test.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  { database: true },
)
