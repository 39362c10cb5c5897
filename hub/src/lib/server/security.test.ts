import { describe, expect, it } from 'vitest'
import { HSTS, NON_PAGE_CSP, withSecurityHeaders } from './security.ts'

describe('withSecurityHeaders', () => {
  it('adds the baseline to a response', () => {
    const response = withSecurityHeaders(Response.json({ ok: true }), { https: false })
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'content-security-policy': NON_PAGE_CSP,
    })
    expect(NON_PAGE_CSP).toContain("frame-ancestors 'none'")
    expect(response.headers.has('strict-transport-security')).toBe(false)
  })

  it("keeps a page's own CSP (SvelteKit's, with its nonce)", () => {
    const page = new Response('<html></html>', {
      headers: { 'content-type': 'text/html', 'content-security-policy': "script-src 'self' 'nonce-abc'" },
    })
    const response = withSecurityHeaders(page, { https: false })
    expect(response.headers.get('content-security-policy')).toBe("script-src 'self' 'nonce-abc'")
  })

  it('adds HSTS over HTTPS only', () => {
    expect(
      withSecurityHeaders(new Response('x'), { https: true }).headers.get('strict-transport-security'),
    ).toBe(HSTS)
  })

  it('copies a response whose headers cannot change', async () => {
    const immutable = Response.redirect('http://localhost/pricing', 303)
    const response = withSecurityHeaders(immutable, { https: false })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('http://localhost/pricing')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
