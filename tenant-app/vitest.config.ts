import { defineLyceumConfig } from '@lyceum/testing/vitest'

export default defineLyceumConfig(
  {
    // tsconfig says `jsx: preserve` (Next compiles JSX); unit tests of components need it compiled.
    oxc: { jsx: { runtime: 'automatic' } },
    test: { include: ['src/**/*.test.{ts,tsx}'] },
  },
  { database: false },
)
