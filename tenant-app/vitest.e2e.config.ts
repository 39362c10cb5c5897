import { defineLyceumConfig } from '@lyceum/testing/vitest'

// Needs a build first (`pnpm build`; turbo's test:e2e depends on it) and the cms build.
export default defineLyceumConfig({
  test: {
    include: ['tests/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
