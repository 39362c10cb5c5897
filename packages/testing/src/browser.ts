/**
 * Real Chromium for browser tests: Debian's `chromium` package driven by playwright-core
 * (`npx playwright install` cannot work offline). `LYCEUM_CHROMIUM` overrides the binary path.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { repoRoot } from './db.ts'

const DEFAULT_PATH = '/usr/bin/chromium'

// Without the background-networking flags Chromium keeps dialling out, which this closed network refuses.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches headless Chromium. Throws with the install command when the binary is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.LYCEUM_CHROMIUM || DEFAULT_PATH
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with \`apt-get install -y chromium\` (or set LYCEUM_CHROMIUM).`,
    )
  }
  return chromium.launch({ executablePath, args: ARGS })
}

/** Saves a full-page screenshot to `artifacts/<name>.png` at the repository root; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(repoRoot(), 'artifacts', 'screenshots')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
