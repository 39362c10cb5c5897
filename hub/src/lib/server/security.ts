/**
 * Security headers for every response SvelteKit produces (pages, endpoints, errors, redirects).
 * The page CSP itself is SvelteKit's (`csp` in vite.config.ts), because it must carry the
 * per-response nonce; responses without one (JSON, redirects, text) get a CSP that allows
 * nothing. Static files under /_app are served by adapter-node before SvelteKit runs.
 */
const BASELINE: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // The legacy twin of CSP frame-ancestors 'none', for browsers that predate it.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

/** For responses that are not pages: nothing may load, nothing may frame them. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/** One year; sent only over HTTPS (browsers ignore it over HTTP, and localhost must stay HTTP). */
export const HSTS = 'max-age=31536000'

/**
 * Returns `response` with the baseline headers set (a copy when its headers are immutable, as
 * for a `fetch` response). Headers the response already has are kept.
 */
export function withSecurityHeaders(response: Response, options: { https: boolean }): Response {
  let target = response
  try {
    apply(target.headers, options)
  } catch {
    target = new Response(response.body, response)
    apply(target.headers, options)
  }
  return target
}

function apply(headers: Headers, { https }: { https: boolean }): void {
  for (const [name, value] of Object.entries(BASELINE)) {
    if (!headers.has(name)) headers.set(name, value)
  }
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP)
  if (https && !headers.has('strict-transport-security')) headers.set('strict-transport-security', HSTS)
}
