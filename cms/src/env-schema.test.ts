import { describe, expect, it } from 'vitest'
import { parseCmsEnv } from './env-schema.ts'

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', PAYLOAD_SECRET: 'x'.repeat(32) }

describe('parseCmsEnv', () => {
  it('applies defaults to a minimal valid environment', () => {
    const env = parseCmsEnv(valid)
    expect(env.LYCEUM_ROOT_DOMAIN).toBe('localhost')
    expect(env.LYCEUM_RESERVED_SLUGS).toEqual([])
    expect(env.LYCEUM_LOG_LEVEL).toBe('warn')
  })

  it('splits reserved slugs on commas', () => {
    expect(
      parseCmsEnv({ ...valid, LYCEUM_RESERVED_SLUGS: ' billing, ,support ' }).LYCEUM_RESERVED_SLUGS,
    ).toEqual(['billing', 'support'])
  })

  it.each([
    [{ ...valid, DATABASE_URL: undefined }, 'DATABASE_URL'],
    [{ ...valid, DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ ...valid, PAYLOAD_SECRET: 'short' }, 'PAYLOAD_SECRET'],
    [{ ...valid, LYCEUM_LOG_LEVEL: 'loud' }, 'LYCEUM_LOG_LEVEL'],
    [{ ...valid, LYCEUM_CMS_PUBLIC_URL: 'cms' }, 'LYCEUM_CMS_PUBLIC_URL'],
  ])('names the bad variable: %#', (source, variable) => {
    expect(() => parseCmsEnv(source)).toThrow(new RegExp(`Invalid cms environment:\\n\\s+${variable}:`))
  })
})
