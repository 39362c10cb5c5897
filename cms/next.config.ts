import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: path.resolve(dirname, '..'),
  transpilePackages: ['@lyceum/domain', '@lyceum/tenancy'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `tsc --noEmit` runs in `pnpm typecheck`; no need to do it twice
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
