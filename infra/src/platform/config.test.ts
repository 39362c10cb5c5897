import { describe, expect, it } from 'vitest'
import { DEFAULT_CMS_RESOURCES, DEFAULT_HUB_RESOURCES, parsePlatformStackConfig } from './config.ts'

const DATABASE_URL = 'postgres://lyceum:db-pa55word@db.internal:5432/lyceum'
const PAYLOAD_SECRET = 'payload-secret-0123456789abcdef0123456789'
const PLATFORM_KEY = 'pk_live_platform_0123456789abcdef'

function valid(
  overrides: { hub?: Record<string, unknown>; cms?: Record<string, unknown> } & Record<string, unknown> = {},
) {
  const { hub, cms, ...rest } = overrides
  return {
    rootDomain: 'lyceum.example',
    cloudflareZoneId: '0123456789abcdef0123456789abcdef',
    dnsTarget: 'lb-1.ingress.example.net',
    hub: { image: 'ghcr.io/acme/lyceum-hub:1.0.0', platformKey: PLATFORM_KEY, ...hub },
    cms: {
      image: 'ghcr.io/acme/lyceum-cms:1.0.0',
      databaseUrl: DATABASE_URL,
      payloadSecret: PAYLOAD_SECRET,
      ...cms,
    },
    ...rest,
  }
}

function errorOf(input: unknown): string {
  try {
    parsePlatformStackConfig(input)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected parsePlatformStackConfig to throw')
}

describe('parsePlatformStackConfig', () => {
  it('accepts a complete config and fills in the defaults', () => {
    const config = parsePlatformStackConfig(valid())
    expect(config.ingressClassName).toBe('nginx')
    expect(config.reservedSlugs).toEqual([])
    expect(config.hub).toEqual({
      image: 'ghcr.io/acme/lyceum-hub:1.0.0',
      platformKey: PLATFORM_KEY,
      replicas: 2,
      resources: DEFAULT_HUB_RESOURCES,
      env: {},
      secretEnv: {},
    })
    expect(config.cms).toEqual({
      image: 'ghcr.io/acme/lyceum-cms:1.0.0',
      databaseUrl: DATABASE_URL,
      payloadSecret: PAYLOAD_SECRET,
      resources: DEFAULT_CMS_RESOURCES,
      mediaVolumeSize: '10Gi',
      logLevel: 'warn',
      env: {},
      secretEnv: {},
    })
  })

  it('refuses unpinned images of either app, naming the field', () => {
    const message = errorOf(
      valid({ hub: { image: 'ghcr.io/acme/lyceum-hub:latest' }, cms: { image: 'lyceum-cms' } }),
    )
    expect(message).toMatch(/\n {2}hub\.image: .*latest/)
    expect(message).toMatch(/\n {2}cms\.image: .*pinned/)
  })

  it('refuses bad cms credentials without echoing them', () => {
    const message = errorOf(
      valid({ cms: { databaseUrl: 'mysql://root:hunter2-db@db/lyceum', payloadSecret: 'too-short-secret' } }),
    )
    expect(message).toMatch(/\n {2}cms\.databaseUrl: must be a postgres:\/\/ or postgresql:\/\/ URL/)
    expect(message).toMatch(/\n {2}cms\.payloadSecret: must be at least 32 characters/)
    expect(message).not.toContain('hunter2-db')
    expect(message).not.toContain('too-short-secret')
  })

  it('requires the hub platform key, without echoing a short one', () => {
    const { platformKey: _key, ...hubWithoutKey } = valid().hub
    expect(errorOf({ ...valid(), hub: hubWithoutKey })).toMatch(/\n {2}hub\.platformKey: /)
    const message = errorOf(valid({ hub: { platformKey: 'pk-short' } }))
    expect(message).toMatch(/\n {2}hub\.platformKey: must be at least 16 characters/)
    expect(message).not.toContain('pk-short')
  })

  it('refuses extra env that would override what the stack manages', () => {
    const message = errorOf(
      valid({
        hub: { env: { PORT: '8080', 'bad-name': 'x' } },
        cms: { secretEnv: { DATABASE_URL: 'x', SMTP_PASSWORD: '' } },
      }),
    )
    expect(message).toMatch(/\n {2}hub\.env\.PORT: is set by the platform stack/)
    expect(message).toMatch(/\n {2}hub\.env\.bad-name: must be an env var name/)
    expect(message).toMatch(/\n {2}cms\.secretEnv\.DATABASE_URL: is set by the platform stack/)
    expect(message).toMatch(/\n {2}cms\.secretEnv\.SMTP_PASSWORD: must not be empty/)
  })

  it('refuses a missing app section, unknown keys and bad hostnames', () => {
    const { hub: _hub, ...withoutHub } = valid()
    expect(errorOf(withoutHub)).toMatch(/\n {2}hub: /)
    expect(errorOf(valid({ cms: { replicas: 3 } }))).toMatch(/cms: .*replicas/)
    expect(errorOf(valid({ rootDomain: 'https://lyceum.example' }))).toMatch(/\n {2}rootDomain: /)
    expect(errorOf(valid({ reservedSlugs: ['ok', '-bad'] }))).toMatch(/\n {2}reservedSlugs\.1: /)
  })
})
