#!/usr/bin/env node
/**
 * CI check: fails (exit 1) when any source file calls the Payload Local API with a `user` or
 * `req` but without an explicit `overrideAccess`. Scans the git-tracked and untracked-unignored
 * .ts/.tsx files of the repository it runs in.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { findUnguardedLocalApiCalls } from './localApi.ts'

const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((f) => f && !f.includes('node_modules/') && !f.endsWith('payload-types.ts'))

const findings = files.flatMap((file) => findUnguardedLocalApiCalls(file, readFileSync(file, 'utf8')))
for (const f of findings) console.error(`${f.file}:${f.line}: ${f.call}(...) ${f.problem}`)
if (findings.length > 0) {
  console.error(
    `\n${findings.length} Local API call(s) may skip access control. Pass overrideAccess explicitly.`,
  )
  process.exit(1)
}
console.log(
  `Local API guard: ${files.length} files checked, every call with a user or req sets overrideAccess.`,
)
