import { cpSync, existsSync } from 'node:fs'
import path from 'node:path'

/**
 * Next.js standalone output (`<app>/.next/standalone/<app>/server.js`) leaves `.next/static` and
 * `public/` for the deployer to copy beside `server.js`; without them pages load unstyled. Copies
 * them when `serverPath` is such a build and they exist; does nothing for any other server.
 *
 * @returns the directories copied (absolute destination paths).
 */
export function prepareStandalone(serverPath: string): string[] {
  const marker = `${path.sep}.next${path.sep}standalone${path.sep}`
  const at = serverPath.indexOf(marker)
  if (at < 0) return []
  const appRoot = serverPath.slice(0, at)
  const serverDir = path.dirname(serverPath)
  const copied: string[] = []
  for (const [from, to] of [
    [path.join(appRoot, '.next', 'static'), path.join(serverDir, '.next', 'static')],
    [path.join(appRoot, 'public'), path.join(serverDir, 'public')],
  ] as const) {
    if (!existsSync(from)) continue
    cpSync(from, to, { recursive: true, force: true })
    copied.push(to)
  }
  return copied
}
