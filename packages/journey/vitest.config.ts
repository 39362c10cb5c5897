import { defineLyceumConfig } from '@lyceum/testing/vitest'

// Unit tests only; the journey itself is `vitest run --config vitest.e2e.config.ts` (test:e2e).
export default defineLyceumConfig({ test: { include: ['src/**/*.test.ts'] } }, { database: false })
