import { defineLyceumConfig } from '@lyceum/testing/vitest'

export default defineLyceumConfig({
  test: {
    include: ['tests/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
