import { describe, expect, it } from 'vitest'
import { checkPinnedImage } from '../shared/validation.ts'
import {
  DEFAULT_TENANT_RESOURCES,
  parseTenantStackConfig,
  type TenantStackConfigInput,
  tenantStackName,
} from './config.ts'

const KEY = 'tk_live_0123456789abcdef0123'

function valid(
  overrides: Partial<Record<keyof TenantStackConfigInput, unknown>> = {},
): Record<string, unknown> {
  return {
    slug: 'acme',
    rootDomain: 'lyceum.example',
    cloudflareZoneId: '0123456789abcdef0123456789abcdef',
    dnsTarget: 'lb-1.ingress.example.net',
    image: 'ghcr.io/acme/lyceum-tenant-app:1.2.3',
    cmsUrl: 'https://cms.lyceum.example',
    locale: 'en',
    tenantApiKey: KEY,
    ...overrides,
  }
}

function errorOf(input: unknown): string {
  try {
    parseTenantStackConfig(input)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected parseTenantStackConfig to throw')
}

describe('parseTenantStackConfig', () => {
  it('accepts a complete config and fills in the defaults', () => {
    const config = parseTenantStackConfig(valid())
    expect(config).toEqual({
      ...valid(),
      replicas: 1,
      resources: DEFAULT_TENANT_RESOURCES,
      ingressClassName: 'nginx',
    })
    expect(DEFAULT_TENANT_RESOURCES).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    })
  })

  it('normalises the slug, hostnames and cms URL', () => {
    const config = parseTenantStackConfig(
      valid({
        slug: ' Acme ',
        rootDomain: 'Lyceum.Example.',
        dnsTarget: 'LB.example.net',
        cmsUrl: 'https://cms.lyceum.example/',
      }),
    )
    expect(config.slug).toBe('acme')
    expect(config.rootDomain).toBe('lyceum.example')
    expect(config.dnsTarget).toBe('lb.example.net')
    expect(config.cmsUrl).toBe('https://cms.lyceum.example')
  })

  it('keeps overrides of the optional fields, merging partial resources with the defaults', () => {
    const config = parseTenantStackConfig(
      valid({ replicas: 3, ingressClassName: 'traefik', resources: { limits: { memory: '512Mi' } } }),
    )
    expect(config.replicas).toBe(3)
    expect(config.ingressClassName).toBe('traefik')
    expect(config.resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    })
  })

  it('accepts replicas 0 (a suspended school)', () => {
    expect(parseTenantStackConfig(valid({ replicas: 0 })).replicas).toBe(0)
  })

  it.each([
    ['www', 'reserved'],
    ['cms', 'reserved'],
    ['ab', 'at least 3'],
    ['-acme', 'hyphen'],
    ['acme_school', 'lowercase letters'],
    ['a'.repeat(64), 'at most 63'],
  ])('refuses the slug %j, naming the field', (slug, problem) => {
    const message = errorOf(valid({ slug }))
    expect(message).toMatch(/^Invalid tenant stack config:/)
    expect(message).toMatch(/\n {2}slug: /)
    expect(message).toContain(problem)
  })

  it('accepts every slug the domain accepts, up to 63 characters', () => {
    expect(parseTenantStackConfig(valid({ slug: 'a'.repeat(63) })).slug).toHaveLength(63)
  })

  it.each([
    ['ghcr.io/acme/lyceum-tenant-app', 'pinned'],
    ['ghcr.io/acme/lyceum-tenant-app:latest', 'latest'],
    ['ghcr.io/acme/lyceum-tenant-app:LATEST', 'latest'],
    ['localhost:5000/lyceum-tenant-app', 'pinned'],
    ['ghcr.io/acme/Lyceum:1.0', 'image reference'],
    ['ghcr.io/acme/app:1.0 extra', 'image reference'],
  ])('refuses the image %j, naming the field', (image, problem) => {
    const message = errorOf(valid({ image }))
    expect(message).toMatch(/\n {2}image: /)
    expect(message).toContain(problem)
  })

  it.each([
    'ghcr.io/acme/lyceum-tenant-app:1.2.3',
    'registry.internal:5000/lyceum/tenant-app:2026.08.1',
    `ghcr.io/acme/lyceum-tenant-app@sha256:${'a'.repeat(64)}`,
    `ghcr.io/acme/lyceum-tenant-app:1.2.3@sha256:${'b'.repeat(64)}`,
    'acme/lyceum-tenant-app:v1',
  ])('accepts the pinned image %j', (image) => {
    expect(parseTenantStackConfig(valid({ image })).image).toBe(image)
  })

  it.each([
    ['http://cms.lyceum.example', 'https'],
    ['cms.lyceum.example', 'absolute URL'],
    ['https://user:pass@cms.lyceum.example', 'credentials'],
  ])('refuses the cmsUrl %j, naming the field', (cmsUrl, problem) => {
    const message = errorOf(valid({ cmsUrl }))
    expect(message).toMatch(/\n {2}cmsUrl: /)
    expect(message).toContain(problem)
  })

  it('refuses a short tenantApiKey without echoing it', () => {
    const message = errorOf(valid({ tenantApiKey: 'short-key-123' }))
    expect(message).toMatch(/\n {2}tenantApiKey: .*16/)
    expect(message).not.toContain('short-key-123')
  })

  it.each([
    ['rootDomain', 'localhost'],
    ['rootDomain', 'lyceum .example'],
    ['dnsTarget', '203.0.113.10'],
    ['dnsTarget', 'lb_1.example.net'],
    ['cloudflareZoneId', 'not-a-zone'],
    ['locale', 'de'],
    ['replicas', -1],
    ['replicas', 1.5],
    ['ingressClassName', 'Nginx Ingress'],
  ])('refuses %s = %j, naming the field', (field, value) => {
    expect(errorOf(valid({ [field]: value }))).toMatch(new RegExp(`\\n {2}${field}: `))
  })

  it('refuses a request above its limit, naming the nested field', () => {
    const message = errorOf(valid({ resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }))
    expect(message).toMatch(/\n {2}resources\.requests\.cpu: must not exceed limits\.cpu \(500m\)/)
    expect(errorOf(valid({ resources: { limits: { memory: 'lots' } } }))).toMatch(
      /resources\.limits\.memory: /,
    )
  })

  it('lists every bad field at once, and missing ones', () => {
    const message = errorOf({ ...valid({ slug: 'www', image: 'app:latest' }), cmsUrl: undefined })
    expect(message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}slug: /),
      expect.stringMatching(/^ {2}image: /),
      expect.stringMatching(/^ {2}cmsUrl: /),
    ])
  })

  it('refuses unknown keys (a misspelt optional field)', () => {
    expect(errorOf(valid({ replica: 2 } as Record<string, unknown>))).toContain('replica')
  })

  it('refuses a non-object', () => {
    expect(errorOf(null)).toMatch(/^Invalid tenant stack config:/)
  })
})

describe('tenantStackName', () => {
  it('is tenant-<slug>, normalised', () => {
    expect(tenantStackName('acme')).toBe('tenant-acme')
    expect(tenantStackName('Acme')).toBe('tenant-acme')
  })

  it('refuses an invalid slug', () => {
    expect(() => tenantStackName('www')).toThrow(/Invalid tenant slug "www": .*reserved/)
  })
})

describe('checkPinnedImage', () => {
  it.each([
    ['ghcr.io/acme/app:1.2.3', null],
    ['docker.io/library/node:24-alpine', null],
    ['node:24', null],
    ['localhost:5000/app:1', null],
    ['localhost:5000/app', 'untagged'],
    ['app', 'untagged'],
    ['app:latest', 'latest'],
    [`app:latest@sha256:${'c'.repeat(64)}`, 'latest'],
    [`app@sha256:${'c'.repeat(64)}`, null],
    ['app@sha256:short', 'malformed'],
    ['', 'malformed'],
    ['ghcr.io//app:1', 'malformed'],
    ['ghcr.io/acme/app:-bad', 'malformed'],
    ['bad host!/app:1', 'malformed'],
  ])('%j → %s', (ref, problem) => {
    expect(checkPinnedImage(ref)).toBe(problem)
  })
})
