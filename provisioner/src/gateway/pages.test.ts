import { describe, expect, it } from 'vitest'
import { escapeHtml, negotiateLocale, PAGE_KINDS, renderPage } from './pages.ts'

const rootUrl = 'http://localhost:8080/'

describe('renderPage', () => {
  it.each(PAGE_KINDS)('%s is a small, uncached, localised HTML page', (kind) => {
    for (const locale of ['en', 'fr'] as const) {
      const page = renderPage(kind, { locale, rootUrl })
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.headers['cache-control']).toBe('no-store')
      expect(page.body).toContain(`<html lang="${locale}">`)
      expect(page.body).toContain('<main>')
      expect(page.body).toMatch(/<h1>[^<]+<\/h1>/)
      expect(page.body).not.toMatch(/<script/i)
      expect(Buffer.byteLength(page.body)).toBeLessThan(3000)
    }
  })

  it('brands with the school name and colour, escaping both', () => {
    const page = renderPage('provisioning', {
      locale: 'en',
      rootUrl,
      name: 'Acme <School> & "Co"',
      brandColor: '#FFD700',
    })
    expect(page.body).toContain('Acme &lt;School&gt; &amp; &quot;Co&quot;')
    expect(page.body).not.toContain('<School>')
    expect(page.body).toContain('--brand:#ffd700')
    // Dark text on a light brand colour, for contrast.
    expect(page.body).toContain('--on-brand:#111827')
  })

  it('ignores a brand colour that is not #rrggbb (it would land in CSS)', () => {
    const page = renderPage('failed', { locale: 'en', rootUrl, brandColor: 'red}body{display:none' })
    expect(page.body).not.toContain('display:none')
    expect(page.body).toContain('--brand:#1d4ed8')
    expect(page.body).toContain('--on-brand:#ffffff')
  })

  it('sets the status codes, Retry-After and refresh of each state', () => {
    const statusOf = (kind: (typeof PAGE_KINDS)[number]) => renderPage(kind, { locale: 'en', rootUrl })
    expect(statusOf('provisioning')).toMatchObject({ status: 503, headers: { 'retry-after': '5' } })
    expect(statusOf('provisioning').body).toContain('<meta http-equiv="refresh" content="5">')
    expect(statusOf('suspended').status).toBe(503)
    expect(statusOf('failed').status).toBe(503)
    expect(statusOf('wake-failed')).toMatchObject({ status: 503, headers: { 'retry-after': '5' } })
    expect(statusOf('bad-gateway').status).toBe(502)
    expect(statusOf('not-found').status).toBe(404)
    expect(statusOf('not-found').body).toContain(`href="${rootUrl}"`)
  })
})

describe('negotiateLocale', () => {
  it.each([
    [undefined, undefined, 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', undefined, 'fr'],
    ['en-GB,fr;q=0.9', undefined, 'en'],
    ['de-DE,fr;q=0.5,en;q=0.4', undefined, 'fr'],
    ['de, *', undefined, 'en'],
    ['fr;q=0, en;q=0.1', undefined, 'en'],
    ['FR', undefined, 'fr'],
    ['en-US', 'fr', 'fr'],
  ] as const)('%j with school locale %j → %s', (header, school, expected) => {
    expect(negotiateLocale(header, school)).toBe(expected)
  })
})

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})
