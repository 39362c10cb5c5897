import path from 'node:path'
import { defineConfig } from 'vitest/config'

// @lyceum/testing depends on this package, so this config cannot use its `defineLyceumConfig`
// (that would be a dependency cycle). It repeats the one part the root test script relies on:
// the JSON report in LYCEUM_TEST_REPORT_DIR. Other packages: see packages/testing/vitest.config.ts.
const reportDir = process.env.LYCEUM_TEST_REPORT_DIR

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Integration tests start real servers (initdb ≈ 0.6 s each).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: reportDir
      ? ['default', ['json', { outputFile: path.join(reportDir, 'lyceum-postgres.json') }]]
      : ['default'],
  },
})
