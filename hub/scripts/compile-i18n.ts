/**
 * Compiles messages/*.json into src/lib/paraglide, as the Vite plugin does on `vite dev` and
 * `vite build`, for what runs without Vite: svelte-check (`pnpm run typecheck`) and the unit
 * tests. Run from hub/: `node scripts/compile-i18n.ts` (`pnpm run i18n`).
 *
 * The message-format plugin is loaded from node_modules (project.inlang/settings.json). When it
 * cannot load (offline, Paraglide's templates point at a CDN), Paraglide still reports success,
 * with no messages: this script fails instead.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { compile } from '@inlang/paraglide-js'
import { paraglideOptions } from '../i18n.config.ts'

await compile(paraglideOptions)

const compiled = readdirSync(path.join(paraglideOptions.outdir, 'messages')).filter(
  (f) => f.endsWith('.js') && f !== '_index.js',
)
if (compiled.length === 0) {
  console.error(
    `[i18n] no messages compiled into ${paraglideOptions.outdir}: did the message-format plugin load? ` +
      'project.inlang/settings.json must name it by its node_modules path, not a URL.',
  )
  process.exit(1)
}
// The inlang SDK leaves handles open after the compile; nothing else is left to do.
process.exit(0)
