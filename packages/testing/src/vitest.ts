/**
 * @lyceum/testing/vitest: the shared vitest configuration. A package's vitest.config.ts:
 *
 *   import { defineLyceumConfig } from '@lyceum/testing/vitest'
 *   export default defineLyceumConfig()
 *
 * which adds:
 * - `globalSetup`: starts or reuses the test PostgreSQL once per run (see global-setup.ts);
 *   `{ database: false }` leaves it out for packages without database tests;
 * - `setupFiles`: tests fail on an unexpected `console.error` (see vitest-setup.ts);
 * - hook/test timeouts that fit template builds and real databases;
 * - with `LYCEUM_TEST_REPORT_DIR` set, vitest's JSON report in
 *   `$LYCEUM_TEST_REPORT_DIR/<package name>.json` besides the default reporter, for the root
 *   test script's summary. The name is that of `package.json` in the working directory
 *   (`@lyceum/cms` → `lyceum-cms.json`); vitest runs in the package directory under turbo/pnpm.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mergeConfig, type ViteUserConfig } from 'vitest/config'

/** Absolute path of the globalSetup module (default export: start or reuse the test server). */
export const globalSetupPath = fileURLToPath(new URL('./global-setup.ts', import.meta.url))
/** Absolute path of the setup file that fails tests on `console.error`. */
export const setupFilePath = fileURLToPath(new URL('./vitest-setup.ts', import.meta.url))

/**
 * vitest config with the Lyceum defaults, deep-merged with `overrides` (arrays are
 * concatenated, e.g. extra `setupFiles`).
 *
 * @param options.database whether to add the test-PostgreSQL globalSetup (default true).
 * @param options.packageDir where to read the package name for the JSON report (default cwd).
 */
export function defineLyceumConfig(
  overrides: ViteUserConfig = {},
  options: { database?: boolean; packageDir?: string } = {},
): ViteUserConfig {
  const reportDir = process.env.LYCEUM_TEST_REPORT_DIR
  const base: ViteUserConfig = {
    test: {
      globalSetup: options.database === false ? [] : [globalSetupPath],
      setupFiles: [setupFilePath],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: reportDir
        ? [
            'default',
            [
              'json',
              { outputFile: path.join(path.resolve(reportDir), `${reportName(options.packageDir)}.json`) },
            ],
          ]
        : ['default'],
    },
  }
  return mergeConfig(base, overrides)
}

/**
 * `@lyceum/cms` → `lyceum-cms`, plus the npm script when it is not plain `test`
 * (`lyceum-cms-test-e2e`), so one package's unit and browser runs keep separate reports.
 */
function reportName(dir = process.cwd()): string {
  const script = process.env.npm_lifecycle_event
  const suffix = script && script !== 'test' ? `-${script.replace(/[^a-zA-Z0-9._-]+/g, '-')}` : ''
  return `${packageName(dir)}${suffix}`
}

function packageName(dir: string): string {
  const manifest = path.join(dir, 'package.json')
  const name = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name
    : undefined
  return (name ?? path.basename(dir)).replace(/^@/, '').replace(/[^a-zA-Z0-9._-]+/g, '-')
}
