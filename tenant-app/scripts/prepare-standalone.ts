/**
 * Completes the standalone build: Next writes the server to .next/standalone/tenant-app/ but
 * leaves the browser assets (.next/static) and public/ for the deployer to copy beside it.
 * Run after `next build` (the `build` script does); the e2e tests call it too.
 */
import { cpSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The tenant-app package directory. */
export const appDir = fileURLToPath(new URL('..', import.meta.url))

/** Where the standalone server of the tenant-app lands inside the build output. */
export const standaloneDir = path.join(appDir, '.next', 'standalone', 'tenant-app')

/**
 * Copies .next/static (and public/, when there is one) beside the standalone server.
 * @returns the path of `server.js`.
 * @throws when there is no build.
 */
export function prepareStandalone(): string {
  const server = path.join(standaloneDir, 'server.js')
  if (!existsSync(server)) {
    throw new Error(`No tenant-app build at ${server}: run \`pnpm --filter @lyceum/tenant-app build\` first.`)
  }
  cpSync(path.join(appDir, '.next', 'static'), path.join(standaloneDir, '.next', 'static'), {
    recursive: true,
  })
  const publicDir = path.join(appDir, 'public')
  if (existsSync(publicDir)) cpSync(publicDir, path.join(standaloneDir, 'public'), { recursive: true })
  return server
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`standalone server ready: ${path.relative(process.cwd(), prepareStandalone())}`)
}
