/**
 * vitest setup file (wired by `defineLyceumConfig`): a test that calls `console.error` fails,
 * unless it called {@link allowConsoleError} first. Errors logged and swallowed are how real
 * bugs hide; a test that expects one says so.
 */
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest'

type ErrorSpy = MockInstance<typeof console.error>
// On globalThis, so the setup file and a test importing this module share it even if they end
// up with two module instances.
const state = globalThis as typeof globalThis & {
  __lyceumConsoleError?: { spy?: ErrorSpy; allowed: boolean }
}

beforeEach(() => {
  state.__lyceumConsoleError = { spy: vi.spyOn(console, 'error'), allowed: false }
})

afterEach(() => {
  const current = state.__lyceumConsoleError
  state.__lyceumConsoleError = undefined
  if (!current?.spy) return
  const calls = [...current.spy.mock.calls]
  current.spy.mockRestore()
  if (calls.length === 0 || current.allowed) return
  const shown = calls
    .slice(0, 3)
    .map((args) => `  - ${args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')}`)
  throw new Error(
    `console.error was called ${calls.length} time(s) during this test:\n${shown.join('\n')}\n` +
      'Fix the cause, or, if the test expects it, call allowConsoleError() from ' +
      "'@lyceum/testing/vitest-setup' at the start of the test.",
  )
})

/**
 * Lets the current test call `console.error` without failing. Returns the spy, so the test can
 * also assert on what was logged (`expect(spy).toHaveBeenCalledWith(…)`).
 *
 * @throws Error outside a running test, or when this setup file is not in `setupFiles`.
 */
export function allowConsoleError(): ErrorSpy {
  const current = state.__lyceumConsoleError
  if (!current?.spy) {
    throw new Error(
      'allowConsoleError() works only inside a test, with @lyceum/testing/vitest-setup in setupFiles ' +
        '(defineLyceumConfig from @lyceum/testing/vitest adds it).',
    )
  }
  current.allowed = true
  return current.spy
}
