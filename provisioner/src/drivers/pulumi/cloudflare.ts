/**
 * Start-up check of the Cloudflare settings with the official SDK (`cloudflare`): the token can
 * read the zone and its DNS records, and the zone serves the root domain. A wrong token or zone
 * would otherwise surface as a failed `up` at a paying school's first provision.
 */
import Cloudflare from 'cloudflare'
import { DriverError } from '../types.ts'

/** Options of {@link checkCloudflareZone}. */
export type CloudflareCheck = {
  apiToken: string
  zoneId: string
  /** The root domain the schools live under; must be the zone's name or below it. */
  rootDomain: string
  /** API base URL (default Cloudflare's, `https://api.cloudflare.com/client/v4`). */
  baseURL?: string
  /** Per-request timeout in milliseconds (default 15 000). */
  timeoutMs?: number
}

/**
 * Reads the zone (`GET /zones/<id>`) and one page of its DNS records
 * (`GET /zones/<id>/dns_records`): the Zone:Read and DNS read permissions the provider needs
 * (DNS:Edit cannot be checked without writing).
 * @returns the zone's name.
 * @throws DriverError `invalid` (not retryable) when the token is refused, the zone is unknown
 *   to it, or the zone does not serve `rootDomain`; `unavailable` (retryable) when Cloudflare
 *   cannot be reached.
 */
export async function checkCloudflareZone(check: CloudflareCheck): Promise<{ zoneName: string }> {
  const client = new Cloudflare({
    apiToken: check.apiToken,
    ...(check.baseURL ? { baseURL: check.baseURL } : {}),
    timeout: check.timeoutMs ?? 15_000,
    maxRetries: 1,
  })
  let zoneName: string
  try {
    const zone = await client.zones.get({ zone_id: check.zoneId })
    zoneName = zone.name
    await client.dns.records.list({ zone_id: check.zoneId, per_page: 5 })
  } catch (error) {
    if (error instanceof Cloudflare.APIError && typeof error.status === 'number') {
      const what =
        error.status === 401 || error.status === 403
          ? 'refused the token (it needs Zone:Read and DNS:Edit on the zone)'
          : error.status === 404
            ? 'does not know the zone'
            : `answered ${error.status}`
      throw new DriverError(
        error.status >= 500 ? 'unavailable' : 'invalid',
        `Cloudflare ${what}: check CLOUDFLARE_API_TOKEN and LYCEUM_CLOUDFLARE_ZONE_ID (${error.message})`,
        { cause: error },
      )
    }
    throw new DriverError('unavailable', `Cloudflare could not be reached: ${(error as Error).message}`, {
      cause: error,
    })
  }
  const root = check.rootDomain.toLowerCase()
  const zone = zoneName.toLowerCase()
  if (root !== zone && !root.endsWith(`.${zone}`)) {
    throw new DriverError(
      'invalid',
      `The Cloudflare zone ${check.zoneId} is ${zoneName}, which does not serve LYCEUM_ROOT_DOMAIN ${check.rootDomain}`,
    )
  }
  return { zoneName }
}
