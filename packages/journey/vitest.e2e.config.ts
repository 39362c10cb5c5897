import { defineLyceumConfig } from '@lyceum/testing/vitest'

// One long journey against a whole platform this test starts itself (its own data folder,
// embedded PostgreSQL and ports); the shared test database is not used.
export default defineLyceumConfig(
  {
    test: {
      include: ['tests/**/*.e2e.test.ts'],
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 600_000,
    },
  },
  { database: false },
)
