/**
 * vitest globalSetup of the unit tests: compiles messages/*.json into src/lib/paraglide once
 * per run (scripts/compile-i18n.ts). In a child process: compiling in-process leaves the inlang
 * SDK's handles open, and vitest then waits 10 s before it exits.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const hubDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export default function compileMessages(): void {
  execFileSync(process.execPath, ['scripts/compile-i18n.ts'], { cwd: hubDir, stdio: 'inherit' })
}
