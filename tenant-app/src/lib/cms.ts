import { type CmsClient, createCmsClient, isCmsError, type Media, type Tenant } from '@lyceum/cms-client'
import { LOCALES, type Locale } from '@lyceum/domain'
import { connection } from 'next/server'
import { cache } from 'react'
import { getEnv } from '../env.ts'
import { normalizeBrandColor } from './contrast.ts'
import { currentSchool } from './school.ts'

/**
 * The instance's cms client: one, with the school's tenant key, created on first use (never at
 * build time). The key reads this school's tenant document, its published courses, sections and
 * lessons and its media; another school's documents look missing to it. (File bytes, which the
 * client does not stream, are fetched with the same key in src/lib/media.ts.)
 */

/** Per request, body included: a page waits at most this long for the cms. */
const CMS_TIMEOUT_MS = 5_000

let client: CmsClient | undefined

/** The cms client with the tenant key (created once, from the env). */
export function cms(): CmsClient {
  if (!client) {
    const env = getEnv()
    client = createCmsClient({
      baseUrl: env.LYCEUM_CMS_URL,
      host: env.LYCEUM_CMS_HOST,
      auth: { apiKey: env.LYCEUM_TENANT_API_KEY },
      userAgent: `lyceum-tenant-app (${env.LYCEUM_TENANT_SLUG})`,
      timeoutMs: CMS_TIMEOUT_MS,
    })
  }
  return client
}

/** A media file as the pages use it: served same-origin through `/media/<filename>`. */
export type MediaRef = {
  id: string
  filename: string
  alt: string
  width: number | null
  height: number | null
}

/** The school this instance serves, as the pages use it. */
export type School = {
  id: string
  slug: string
  name: string
  locale: Locale
  /** `#rrggbb`, lower-case; the cms default when unset. */
  primaryColor: string
  logo: MediaRef | null
  /** Whether visitors may create their own learner account (`/signup`). */
  allowSelfSignup: boolean
}

/**
 * Why the tenant key cannot serve this school:
 * - `credential`: the cms refused it (wrong or revoked key: the cms treats it as anonymous);
 * - `mismatch`: the key works but reads another school, or the school does not exist.
 */
export class TenantAccessError extends Error {
  override name = 'TenantAccessError'
  readonly reason: 'credential' | 'mismatch'
  constructor(reason: 'credential' | 'mismatch', message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
  }
}

/** Whether `error` means the cms cannot serve this instance now (outage or credential), not a bug. */
export function isCmsOutage(error: unknown): boolean {
  return error instanceof TenantAccessError || isCmsError(error)
}

/** A populated media relationship → {@link MediaRef}; ids alone and files without a name → null. */
export function mediaRef(value: string | Media | null | undefined): MediaRef | null {
  if (!value || typeof value === 'string' || !value.filename) return null
  return {
    id: value.id,
    filename: value.filename,
    alt: value.alt ?? '',
    width: value.width ?? null,
    height: value.height ?? null,
  }
}

function toSchool(tenant: Partial<Tenant> & { id: string }, slug: string): School {
  const locale = LOCALES.find((l) => l === tenant.locale) ?? 'en'
  return {
    id: tenant.id,
    slug,
    name: tenant.name ?? slug,
    locale,
    primaryColor: normalizeBrandColor(tenant.branding?.primaryColor),
    logo: mediaRef(tenant.branding?.logo),
    allowSelfSignup: tenant.allowSelfSignup === true,
  }
}

/**
 * Reads this instance's school from the cms, uncached: `find('tenants', slug = LYCEUM_TENANT_SLUG)`
 * with the tenant key, logo populated.
 * @throws TenantAccessError when the key is refused or reads another school (loudly: an
 *   instance must never serve a school its key does not belong to).
 * @throws CmsError when the cms cannot be reached or fails (`network`, `timeout`, `server`, …).
 */
export async function readTenant(): Promise<School> {
  const { LYCEUM_TENANT_SLUG: slug } = getEnv()
  let docs: Array<Partial<Tenant> & { id: string }>
  try {
    const page = await cms().find('tenants', {
      where: { slug: { equals: slug } },
      limit: 1,
      depth: 1,
      select: { name: true, slug: true, locale: true, branding: true, allowSelfSignup: true },
    })
    docs = page.docs
  } catch (error) {
    if (isCmsError(error) && (error.code === 'forbidden' || error.code === 'unauthorized')) {
      throw new TenantAccessError(
        'credential',
        `The cms refused the tenant key of "${slug}" (${error.code}): it is wrong or revoked.`,
        { cause: error },
      )
    }
    throw error
  }
  const tenant = docs[0]
  if (!tenant || tenant.slug !== slug) {
    throw new TenantAccessError(
      'mismatch',
      `The tenant key cannot read the school "${slug}": it belongs to another school, or "${slug}" does not exist.`,
    )
  }
  return toSchool(tenant, slug)
}

/** The last school read successfully by this process: the branding shown while the cms is down. */
let lastKnown: School | undefined

/**
 * This instance's school ({@link currentSchool}: at most one cms read per 5 s), once per request
 * (React `cache`) and never at build time.
 * @throws TenantAccessError or CmsError, as {@link readTenant}.
 */
export const getTenant = cache(async (): Promise<School> => {
  await connection()
  const school = await currentSchool()
  lastKnown = school
  return school
})

/** What the page chrome (layout, metadata, locale) needs; `name` is null when never known. */
export type SchoolBrand = Pick<School, 'locale' | 'primaryColor' | 'logo'> & {
  name: string | null
  /** Whether the cms answered for this request (false: last known or default branding). */
  live: boolean
}

/**
 * The school's branding for the page chrome, which must render even when the cms is down (the
 * error page is branded too): the live tenant, else the last one this process read, else
 * neutral defaults in English. Never throws for a cms outage.
 */
export const getSchoolBrand = cache(async (): Promise<SchoolBrand> => {
  try {
    const school = await getTenant()
    return { ...school, live: true }
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    if (lastKnown) return { ...lastKnown, live: false }
    return { name: null, locale: 'en', primaryColor: normalizeBrandColor(null), logo: null, live: false }
  }
})

/** Result of {@link attempt}: the value, or the cms outage that prevented it. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown }

/**
 * Runs a page's cms reads; a cms outage (unreachable, failing, key refused) comes back as
 * `{ ok: false }` so the page renders the localized "unavailable" view instead of a 500. Any
 * other error (a bug, Next's notFound/redirect signals) is rethrown.
 */
export async function attempt<T>(load: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await load() }
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    console.warn(`tenant-app: cms unavailable: ${error instanceof Error ? error.message : String(error)}`)
    return { ok: false, error }
  }
}
