import type { Browser, BrowserContext, Page } from 'playwright-core'

/** A hub page in its own browser context, and the console errors it has logged so far. */
export type WatchedPage = { context: BrowserContext; page: Page; consoleErrors: string[] }

/**
 * Opens a page in a new context of `browser` that asks for `language` (`accept-language`) and
 * says it came over plain http (`x-forwarded-proto: http`, as the gateway does in development).
 * Every console error the page logs is collected in `consoleErrors`, except the browser's own
 * "Failed to load resource" lines (network answers, which the tests check themselves). The
 * caller closes `context`.
 */
export async function watchedPage(browser: Browser, language: string): Promise<WatchedPage> {
  const context = await browser.newContext({
    extraHTTPHeaders: { 'x-forwarded-proto': 'http', 'accept-language': language },
  })
  const page = await context.newPage()
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      consoleErrors.push(message.text())
    }
  })
  return { context, page, consoleErrors }
}
