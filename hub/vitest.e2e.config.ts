import { defineLyceumConfig } from '@lyceum/testing/vitest'

// Browser tests against the production build (`vite build` first; turbo's test:e2e depends on
// build), with a stand-in cms served by the test itself. No database.
export default defineLyceumConfig(
  {
    test: {
      include: ['tests/**/*.e2e.test.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  { database: false },
)
