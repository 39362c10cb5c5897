import { z } from 'zod'

/**
 * Subdomains no school may take: they are the platform's own hosts or would confuse visitors.
 * Operators add more through `LYCEUM_RESERVED_SLUGS` (comma-separated), passed as `extraReserved`.
 */
export const RESERVED_SLUGS = [
  'www',
  'api',
  'cms',
  'admin',
  'app',
  'hub',
  'mail',
  'static',
  'assets',
  'status',
] as const

export const SLUG_MIN_LENGTH = 3
export const SLUG_MAX_LENGTH = 63

export type SlugProblem = 'too_short' | 'too_long' | 'invalid_characters' | 'hyphen_at_edge' | 'reserved'

export type SlugCheck = { ok: true; slug: string } | { ok: false; problem: SlugProblem; message: string }

const MESSAGES: Record<SlugProblem, string> = {
  too_short: `Use at least ${SLUG_MIN_LENGTH} characters.`,
  too_long: `Use at most ${SLUG_MAX_LENGTH} characters.`,
  invalid_characters: 'Use only lowercase letters a–z, digits and hyphens.',
  hyphen_at_edge: 'Start and end with a letter or a digit, not a hyphen.',
  reserved: 'This address is reserved. Choose another one.',
}

/** Lower-cases and trims; uniqueness in the cms is checked on this form, so it ignores case. */
export function normalizeTenantSlug(input: string): string {
  return input.trim().toLowerCase()
}

/**
 * Checks a school subdomain against the DNS label rules (RFC 1035: letters, digits, hyphens,
 * no hyphen at either end, at most 63 octets), our 3-character minimum, and the reserved list.
 * Pure and synchronous, so the hub can run it on every keystroke. Uniqueness is the cms's job.
 *
 * @returns `{ ok: true, slug }` with the normalised slug, or `{ ok: false, problem, message }`
 *   where `message` is safe to show to the person typing.
 */
export function checkTenantSlug(input: string, extraReserved: readonly string[] = []): SlugCheck {
  const slug = normalizeTenantSlug(input)
  const fail = (problem: SlugProblem): SlugCheck => ({ ok: false, problem, message: MESSAGES[problem] })
  if (slug.length < SLUG_MIN_LENGTH) return fail('too_short')
  if (slug.length > SLUG_MAX_LENGTH) return fail('too_long')
  if (!/^[a-z0-9-]+$/.test(slug)) return fail('invalid_characters')
  if (slug.startsWith('-') || slug.endsWith('-')) return fail('hyphen_at_edge')
  const reserved = new Set<string>([...RESERVED_SLUGS, ...extraReserved.map(normalizeTenantSlug)])
  if (reserved.has(slug)) return fail('reserved')
  return { ok: true, slug }
}

/** Zod form of {@link checkTenantSlug}: parses to the normalised slug. */
export function tenantSlugSchema(extraReserved: readonly string[] = []) {
  return z.string().transform((value, ctx) => {
    const check = checkTenantSlug(value, extraReserved)
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.message, params: { problem: check.problem } })
      return z.NEVER
    }
    return check.slug
  })
}
