import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'
import createNextIntlPlugin from 'next-intl/plugin'

const dirname = path.dirname(fileURLToPath(import.meta.url))

// Locale-free routing: the locale is the school's (see src/i18n/request.ts), never a URL prefix.
const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts')

/**
 * One build serves every school: nothing here depends on a school or on the runtime env, which
 * is read lazily (src/env.ts) and checked when the server starts (src/instrumentation.ts).
 */
const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: path.resolve(dirname, '..'),
  transpilePackages: ['@lyceum/cms-client', '@lyceum/domain', '@lyceum/mail'],
  poweredByHeader: false,
  // pdfkit reads its font metrics (data/*.afm) from its own folder at run time: keep it a plain
  // node_modules require so the standalone trace ships those files.
  serverExternalPackages: ['pdfkit'],
  experimental: {
    // Uploads (lesson attachments, the logo) are multipart server actions: up to 20 MB per file
    // (src/lib/attachments.ts), so the action body and the proxy's buffered copy allow a bit more.
    serverActions: { bodySizeLimit: '21mb' },
    proxyClientMaxBodySize: '21mb',
    // Load each route's code on its first request, not all at start: an idle instance holds less
    // (about 6 MB; pdfkit only once a certificate is downloaded). Decision 086.
    preloadEntriesOnStart: false,
  },
  typescript: { ignoreBuildErrors: true }, // `tsc --noEmit` runs in `pnpm typecheck`; no need to do it twice
}

export default withNextIntl(nextConfig)
