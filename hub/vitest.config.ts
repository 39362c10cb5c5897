import { defineLyceumConfig } from '@lyceum/testing/vitest'

// Unit tests: plain functions and the compiled Paraglide output (compiled fresh from
// messages/*.json by the globalSetup). No SvelteKit, no database.
export default defineLyceumConfig(
  {
    test: {
      include: ['src/**/*.test.ts'],
      globalSetup: ['./tests/support/compile-i18n.ts'],
    },
  },
  { database: false },
)
