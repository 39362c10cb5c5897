import { describe, expect, it } from 'vitest'
import { checkTenantSlug, tenantSlugSchema } from './slug.ts'

// Each row: input → expected problem (or the normalised slug when accepted).
const table: Array<[input: string, expected: { slug: string } | { problem: string }]> = [
  ['acme', { slug: 'acme' }],
  ['  Acme-School  ', { slug: 'acme-school' }],
  ['a1b', { slug: 'a1b' }],
  ['123', { slug: '123' }],
  ['x'.repeat(63), { slug: 'x'.repeat(63) }],
  ['ab', { problem: 'too_short' }],
  ['', { problem: 'too_short' }],
  ['x'.repeat(64), { problem: 'too_long' }],
  ['acme_school', { problem: 'invalid_characters' }],
  ['acme.school', { problem: 'invalid_characters' }],
  ['école', { problem: 'invalid_characters' }],
  ['acme school', { problem: 'invalid_characters' }],
  ['-acme', { problem: 'hyphen_at_edge' }],
  ['acme-', { problem: 'hyphen_at_edge' }],
  ['www', { problem: 'reserved' }],
  ['API', { problem: 'reserved' }],
  ['cms', { problem: 'reserved' }],
  ['admin', { problem: 'reserved' }],
  ['app', { problem: 'reserved' }],
  ['hub', { problem: 'reserved' }],
  ['mail', { problem: 'reserved' }],
  ['static', { problem: 'reserved' }],
  ['assets', { problem: 'reserved' }],
  ['status', { problem: 'reserved' }],
]

describe('checkTenantSlug', () => {
  it.each(table)('%j → %j', (input, expected) => {
    const result = checkTenantSlug(input)
    if ('slug' in expected) {
      expect(result).toEqual({ ok: true, slug: expected.slug })
    } else {
      expect(result).toMatchObject({ ok: false, problem: expected.problem })
    }
  })

  it('refuses configured reserved words, ignoring case', () => {
    expect(checkTenantSlug('billing', ['Billing'])).toMatchObject({ ok: false, problem: 'reserved' })
    expect(checkTenantSlug('billing')).toEqual({ ok: true, slug: 'billing' })
  })

  it('gives a message a person can act on', () => {
    const result = checkTenantSlug('a_b')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(/lowercase letters/)
  })
})

describe('tenantSlugSchema', () => {
  it('parses to the normalised slug', () => {
    expect(tenantSlugSchema().parse(' My-School ')).toBe('my-school')
  })
  it('reports the problem as a zod issue', () => {
    const parsed = tenantSlugSchema(['demo']).safeParse('demo')
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toMatch(/reserved/)
  })
})
