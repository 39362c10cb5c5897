import { defineLyceumConfig } from '@lyceum/testing/vitest'

export default defineLyceumConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/**/*.e2e.test.ts'],
    testTimeout: 60_000,
  },
})
