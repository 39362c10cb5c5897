/**
 * `npm test`: everything CI checks, in order, failing fast on the quick checks:
 *   lint + format (biome, zero warnings) → Local API guard → generated files up to date
 *   → typecheck → unit and integration tests (turbo) → browser tests (turbo test:e2e)
 * and ends with the failed tests (file, name, first lines of the error), then one line,
 * `tests: N passed, N failed`, summed from every package's vitest JSON report.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const reportDir = path.join(root, '.data', 'test-reports')
const say = (line: string) => process.stdout.write(`\n[test] ${line}\n`)

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  say(name)
  const t0 = Date.now()
  const res = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' })
  const ok = res.status === 0
  say(
    `${name}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  )
  return ok
}

type Report = {
  numPassedTests?: number
  numFailedTests?: number
  numPendingTests?: number
  testResults?: {
    name: string
    status?: string
    message?: string
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[]
  }[]
}
type Totals = { passed: number; failed: number; skipped: number; failures: string[] }

/** Sums every package's report and collects one readable entry per failed test or file. */
function summary(): Totals {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0, failures: [] }
  if (!existsSync(reportDir)) return totals
  const firstLines = (text: string) =>
    text
      .split('\n')
      .slice(0, 12)
      .map((line) => `      ${line}`)
      .join('\n')
  for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(path.join(reportDir, file), 'utf8')) as Report
    totals.passed += report.numPassedTests ?? 0
    totals.failed += report.numFailedTests ?? 0
    totals.skipped += report.numPendingTests ?? 0
    for (const result of report.testResults ?? []) {
      const where = path.relative(root, result.name)
      const failed = (result.assertionResults ?? []).filter((a) => a.status === 'failed')
      for (const test of failed) {
        totals.failures.push(
          `  ✗ ${where} > ${test.fullName}\n${firstLines((test.failureMessages ?? []).join('\n'))}`,
        )
      }
      if (failed.length === 0 && result.status === 'failed') {
        totals.failures.push(`  ✗ ${where} (the file failed)\n${firstLines(result.message ?? '')}`)
      }
    }
  }
  return totals
}

rmSync(reportDir, { recursive: true, force: true })
mkdirSync(reportDir, { recursive: true })
const testEnv = { ...process.env, LYCEUM_TEST_REPORT_DIR: reportDir }
const turbo = (task: string) => [
  'exec',
  'turbo',
  'run',
  task,
  '--concurrency=2',
  '--continue',
  '--output-logs=full',
]

const quick =
  run('lint and format', 'pnpm', ['exec', 'biome', 'ci', '--error-on-warnings', '.']) &&
  run('Local API guard', process.execPath, ['packages/guards/src/cli.ts']) &&
  run('generated files up to date', 'pnpm', ['--filter', '@lyceum/cms', 'run', 'check:generated']) &&
  run('typecheck', 'pnpm', ['run', 'typecheck'])

let ok = quick
if (quick) {
  ok = run('unit and integration tests', 'pnpm', turbo('test'), testEnv) && ok
  ok = run('browser tests', 'pnpm', turbo('test:e2e'), testEnv) && ok
}
const totals = summary()
if (!quick) totals.failed = Math.max(totals.failed, 1)
if (totals.failures.length > 0) process.stdout.write(`\nfailed:\n${totals.failures.join('\n')}\n`)
process.stdout.write(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`,
)
process.exit(ok && totals.failed === 0 ? 0 : 1)
