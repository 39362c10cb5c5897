import { checkTenantSlug, RESERVED_SLUGS } from '@lyceum/domain'

/** The `Host` header split into a lower-case hostname (no trailing dot) and an optional port. */
export interface ParsedHost {
  hostname: string
  port: number | undefined
}

/** Where a request goes, decided from its host alone. */
export type HostRoute =
  | { kind: 'hub' }
  | { kind: 'cms' }
  /** `www.<root>`: answered with a 308 to the root domain. */
  | { kind: 'www' }
  | { kind: 'tenant'; slug: string }
  | { kind: 'not-found'; reason: 'invalid' | 'foreign' | 'nested' | 'reserved' | 'not-a-slug' }

// A bracketed IPv6 literal or a name without ':', then an optional decimal port.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]@/\\\s]+)(?::(\d{1,5}))?$/i

/**
 * Parses a `Host` header (`Acme.Localhost:8080` → `{ hostname: 'acme.localhost', port: 8080 }`).
 *
 * @returns `null` when the header is missing, empty or malformed (userinfo, path, bad port).
 */
export function parseHostHeader(header: string | undefined): ParsedHost | null {
  if (!header) return null
  const match = HOST_HEADER.exec(header.trim())
  if (!match?.[1]) return null
  const hostname = match[1].toLowerCase().replace(/\.$/, '')
  if (hostname === '') return null
  const port = match[2] === undefined ? undefined : Number(match[2])
  if (port !== undefined && (port < 1 || port > 65_535)) return null
  return { hostname, port }
}

/**
 * Decides where a hostname (already lower-case, see {@link parseHostHeader}) is served:
 * - `<root>` → the hub; `cms.<root>` → the cms; `www.<root>` → a redirect to the root;
 * - `<slug>.<root>` with one label that passes `checkTenantSlug` → that tenant;
 * - any other reserved label (`api`, `admin`, `hub`…) → not found: it is no tenant's, and the
 *   platform serves nothing there in development;
 * - anything else (another domain, an IP literal such as `127.0.0.1`, `a.b.<root>`) → not found.
 *
 * IP hosts are deliberately not the hub: the hub's cookies and absolute links belong to the root
 * domain, and a session started on `127.0.0.1` would not reach `<slug>.localhost`. The 404 page
 * links to the root domain instead.
 *
 * @param reserved reserved labels (lower-case), `RESERVED_SLUGS` plus the operator's extra ones.
 */
export function routeForHostname(
  hostname: string,
  rootDomain: string,
  reserved: ReadonlySet<string>,
): HostRoute {
  if (hostname === rootDomain) return { kind: 'hub' }
  const suffix = `.${rootDomain}`
  if (!hostname.endsWith(suffix)) return { kind: 'not-found', reason: 'foreign' }
  const label = hostname.slice(0, -suffix.length)
  if (label === '') return { kind: 'not-found', reason: 'invalid' }
  if (label.includes('.')) return { kind: 'not-found', reason: 'nested' }
  if (label === 'cms') return { kind: 'cms' }
  if (label === 'www') return { kind: 'www' }
  if (reserved.has(label)) return { kind: 'not-found', reason: 'reserved' }
  const check = checkTenantSlug(label)
  if (!check.ok) return { kind: 'not-found', reason: 'not-a-slug' }
  return { kind: 'tenant', slug: check.slug }
}

/** `RESERVED_SLUGS` plus `extra`, normalised to lower case. */
export function reservedSet(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...RESERVED_SLUGS, ...extra.map((slug) => slug.trim().toLowerCase())])
}
