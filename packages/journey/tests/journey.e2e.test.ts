/**
 * The end-to-end journey (README "Tests"): the platform started as `npm start` starts it, and a
 * prospect's whole path through it in real Chromium. Every step saves a screenshot under
 * artifacts/screenshots/journey-*.png.
 */
import { tmpdir } from 'node:os'
import path from 'node:path'
import { launchChromium, screenshot } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Platform, startPlatform } from '../src/platform.ts'

const ports = { gateway: 18080, hub: 13000, cms: 13001, smtp: 11025, mailWeb: 11080, pg: 54381 }

let platform: Platform
let browser: Browser
let prospect: BrowserContext
let page: Page
let shot = 0
const snap = async (p: Page, name: string) => {
  shot += 1
  await screenshot(p, `journey-${String(shot).padStart(2, '0')}-${name}`)
}

beforeAll(async () => {
  platform = await startPlatform({ ports, dataDir: path.join(tmpdir(), `lyceum-journey-${process.pid}`) })
  console.log(`journey: the platform was ready in ${platform.readySeconds.toFixed(1)} s`)
  browser = await launchChromium()
  prospect = await browser.newContext({
    locale: 'fr-FR',
    extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
  })
  page = await prospect.newPage()
})

afterAll(async () => {
  await browser?.close()
  if (platform) {
    const code = await platform.stop()
    expect(code, `npm start should stop cleanly on Ctrl-C:\n${platform.output().slice(-2000)}`).toBe(0)
  }
})

describe('the whole platform, as npm start runs it', () => {
  it('prints where everything is, and reports every component healthy with npm run status', () => {
    const out = platform.output()
    expect(out).toContain(`hub           http://localhost:${ports.gateway}`)
    expect(out).toContain(`cms admin     http://cms.localhost:${ports.gateway}/admin`)
    expect(out).toContain('superadmin@lyceum.example')
    const status = platform.status()
    expect(status.output).toMatch(/✓ postgres/)
    expect(status.output).toMatch(/✓ cms/)
    expect(status.output).toMatch(/✓ hub/)
    expect(status.output).toMatch(/✓ provisioner \+ gateway/)
    expect(status.output).toMatch(/✓ mail catcher/)
    expect(status.code, status.output).toBe(0)
  })

  it('1. shows a French prospect the landing page in French', async () => {
    await page.goto(platform.hubUrl)
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr')
    await snap(page, 'landing-fr')
  })

  it('provisions the demo schools on the first start, each on its own subdomain', async () => {
    const school = await browser.newPage()
    for (const slug of ['northwind', 'lumiere']) {
      await expect
        .poll(async () => (await school.goto(platform.schoolUrl(slug)))?.status(), {
          timeout: 120_000,
          interval: 1_000,
        })
        .toBe(200)
    }
    await snap(school, 'demo-school')
    await school.close()
    const status = platform.status()
    expect(status.output).toMatch(/northwind\s+active/)
    expect(status.output).toMatch(/lumiere\s+active/)
  })
})
