import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineLyceumConfig, globalSetupPath, setupFilePath } from './vitest.ts'
import { allowConsoleError } from './vitest-setup.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('defineLyceumConfig', () => {
  it('wires the database globalSetup, the console.error guard and the default reporter', () => {
    vi.stubEnv('LYCEUM_TEST_REPORT_DIR', '')
    const { test } = defineLyceumConfig()
    expect(test?.globalSetup).toEqual([globalSetupPath])
    expect(test?.setupFiles).toEqual([setupFilePath])
    expect(test?.reporters).toEqual(['default'])
  })

  it('adds a JSON report per package when LYCEUM_TEST_REPORT_DIR is set', () => {
    vi.stubEnv('LYCEUM_TEST_REPORT_DIR', '/tmp/reports')
    const { test } = defineLyceumConfig({}, { packageDir: path.join(import.meta.dirname, '..') })
    expect(test?.reporters).toEqual(['default', ['json', { outputFile: '/tmp/reports/lyceum-testing.json' }]])
  })

  it('keeps a separate report for another npm script of the same package (test:e2e)', () => {
    vi.stubEnv('LYCEUM_TEST_REPORT_DIR', '/tmp/reports')
    vi.stubEnv('npm_lifecycle_event', 'test:e2e')
    const { test } = defineLyceumConfig({}, { packageDir: path.join(import.meta.dirname, '..') })
    expect(test?.reporters).toEqual([
      'default',
      ['json', { outputFile: '/tmp/reports/lyceum-testing-test-e2e.json' }],
    ])
  })

  it('merges overrides, concatenating lists, and can leave the database out', () => {
    const { test } = defineLyceumConfig(
      { test: { setupFiles: ['./mine.ts'], testTimeout: 1 } },
      { database: false },
    )
    expect(test?.setupFiles).toEqual([setupFilePath, './mine.ts'])
    expect(test?.testTimeout).toBe(1)
    expect(test?.globalSetup).toEqual([])
  })
})

describe('the console.error guard, in a real vitest run', () => {
  it('fails a test that logs an error unless it opted in, and writes the JSON report', async () => {
    const reportDir = await mkdtemp(path.join(tmpdir(), 'lyceum-report-'))
    const vitestBin = path.join(
      path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
      'vitest.mjs',
    )
    const run = spawnSync(process.execPath, [vitestBin, 'run'], {
      cwd: path.join(import.meta.dirname, 'fixtures', 'console-error'),
      env: { ...process.env, LYCEUM_TEST_REPORT_DIR: reportDir, NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    const reportText = await readFile(path.join(reportDir, 'lyceum-fixture-console-error.json'), 'utf8')
    await rm(reportDir, { recursive: true, force: true })
    expect(run.status, run.stderr).toBe(1)

    const report = JSON.parse(reportText) as {
      numPassedTests: number
      numFailedTests: number
      testResults: Array<{
        assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>
      }>
    }
    expect(report).toMatchObject({ numPassedTests: 2, numFailedTests: 1 })
    const results = report.testResults.flatMap((file) => file.assertionResults)
    expect(results.map((r) => [r.title, r.status])).toEqual([
      ['logs an error without opting in', 'failed'],
      ['logs an error after allowConsoleError()', 'passed'],
      ['logs nothing', 'passed'],
    ])
    expect(results[0]?.failureMessages.join('\n')).toMatch(
      /console\.error was called 1 time\(s\) during this test:\n {2}- boom: the thing broke\n.*allowConsoleError\(\)/,
    )
  })
})

describe('allowConsoleError', () => {
  it('lets this test log an error and returns the spy to assert on', () => {
    const spy = allowConsoleError()
    console.error('expected in this test')
    expect(spy).toHaveBeenCalledWith('expected in this test')
  })
})
