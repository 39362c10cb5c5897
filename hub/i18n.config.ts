/**
 * Paraglide compiler options: the one source for the Vite plugin (vite.config.ts) and the
 * compile script (scripts/compile-i18n.ts, run by `typecheck` and the unit tests).
 *
 * Not in project.inlang/paraglide.config.ts, where Paraglide would find it by itself: the inlang
 * SDK rewrites project.inlang/.gitignore to ignore everything there but settings.json.
 */
import type { CompilerOptions } from '@inlang/paraglide-js'

export const paraglideOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  // Server: the cookie the language switcher sets, else Accept-Language, else English.
  // Browser: src/hooks.client.ts pins the locale to the server's choice (<html lang>).
  strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
  cookieName: 'lyceum_locale',
  // Machine endpoints get no locale negotiation (they answer in no language).
  routeStrategies: [
    { match: '/healthz', exclude: true },
    { match: '/api/:path(.*)?', exclude: true },
  ],
} satisfies CompilerOptions
