import { defineLyceumConfig } from '@lyceum/testing/vitest'

export default defineLyceumConfig({ test: { include: ['src/**/*.test.ts'] } }, { database: false })
