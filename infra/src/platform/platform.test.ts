import * as pulumi from '@pulumi/pulumi'
import type { PulumiFn } from '@pulumi/pulumi/automation/index.js'
import { beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import {
  at,
  captured,
  installPulumiMocks,
  outputValue,
  type PulumiMocks,
  plainOccurrences,
  settled,
} from '../test-support/pulumi-mocks.ts'

// Mocks first, then the program module (see the pitfall in test-support/pulumi-mocks.ts).
let mocks: PulumiMocks
let platform: typeof import('./index.ts')
beforeAll(async () => {
  mocks = await installPulumiMocks('lyceum-platform', 'platform-test')
  platform = await import('./index.ts')
})
beforeEach(() => mocks.reset())

const ZONE = '0123456789abcdef0123456789abcdef'
const DATABASE_URL = 'postgres://lyceum:db-pa55word-xyz@db.internal:5432/lyceum'
const PAYLOAD_SECRET = 'payload-secret-0123456789abcdef0123456789'
const PLATFORM_KEY = 'pk_live_platform_0123456789abcdef'
const STRIPE_SECRET = 'whsec_0123456789abcdefghij'

const TYPES = {
  dns: 'cloudflare:index/dnsRecord:DnsRecord',
  namespace: 'kubernetes:core/v1:Namespace',
  secret: 'kubernetes:core/v1:Secret',
  pvc: 'kubernetes:core/v1:PersistentVolumeClaim',
  deployment: 'kubernetes:apps/v1:Deployment',
  service: 'kubernetes:core/v1:Service',
  ingress: 'kubernetes:networking.k8s.io/v1:Ingress',
} as const

function config(hub: Record<string, unknown> = {}) {
  return platform.parsePlatformStackConfig({
    rootDomain: 'lyceum.example',
    cloudflareZoneId: ZONE,
    dnsTarget: 'lb-1.ingress.example.net',
    reservedSlugs: ['billing'],
    hub: { image: 'ghcr.io/acme/lyceum-hub:1.0.0', platformKey: PLATFORM_KEY, ...hub },
    cms: { image: 'ghcr.io/acme/lyceum-cms:2.3.4', databaseUrl: DATABASE_URL, payloadSecret: PAYLOAD_SECRET },
  })
}

async function register(hub: Record<string, unknown> = {}) {
  const resources = platform.createPlatformResources(config(hub))
  await settled(resources)
  return resources
}

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }

function container(deploymentName: string): Record<string, unknown> {
  const { inputs } = captured(mocks, TYPES.deployment, deploymentName)
  const containers = at(inputs, 'spec', 'template', 'spec', 'containers') as Record<string, unknown>[]
  expect(containers).toHaveLength(1)
  return containers[0] as Record<string, unknown>
}

function plainEnv(c: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries((c.env as EnvVar[]).filter((v) => !v.valueFrom).map((v) => [v.name, v.value]))
}

describe('platform stack resources', () => {
  it('registers the records, namespace, apps and ingress under unique names', async () => {
    await register()
    expect(mocks.resources.map((r) => r.name).sort()).toEqual(
      [
        'platform-dns-apex',
        'platform-dns-www',
        'platform-dns-cms',
        'platform-namespace',
        'platform-cms-secret',
        'platform-cms-media',
        'platform-cms-deployment',
        'platform-cms-service',
        'platform-hub-secret',
        'platform-hub-deployment',
        'platform-hub-service',
        'platform-ingress',
      ].sort(),
    )
    const urns = mocks.resources.map((r) => r.urn)
    expect(new Set(urns).size).toBe(urns.length)
  })

  it('points proxied CNAMEs for the apex, www and cms at the load balancer', async () => {
    await register()
    const records = ['apex', 'www', 'cms'].map(
      (key) => captured(mocks, TYPES.dns, `platform-dns-${key}`).inputs,
    )
    expect(records.map((r) => r.name)).toEqual(['lyceum.example', 'www.lyceum.example', 'cms.lyceum.example'])
    for (const record of records) {
      expect(record).toMatchObject({
        zoneId: ZONE,
        type: 'CNAME',
        content: 'lb-1.ingress.example.net',
        proxied: true,
        ttl: 1,
        comment: expect.stringContaining('Lyceum platform'),
      })
    }
  })

  it('routes the apex and www to the hub and cms.<root> to the cms', async () => {
    await register()
    const { inputs } = captured(mocks, TYPES.ingress)
    expect(at(inputs, 'metadata')).toMatchObject({ name: 'lyceum-platform', namespace: 'lyceum-platform' })
    expect(at(inputs, 'spec', 'ingressClassName')).toBe('nginx')
    const rules = at(inputs, 'spec', 'rules') as unknown[]
    const routes = rules.map((rule) => [
      at(rule, 'host'),
      at(rule, 'http', 'paths', 0, 'path'),
      at(rule, 'http', 'paths', 0, 'pathType'),
      at(rule, 'http', 'paths', 0, 'backend', 'service'),
    ])
    expect(routes).toEqual([
      ['lyceum.example', '/', 'Prefix', { name: 'lyceum-hub', port: { number: 80 } }],
      ['www.lyceum.example', '/', 'Prefix', { name: 'lyceum-hub', port: { number: 80 } }],
      ['cms.lyceum.example', '/', 'Prefix', { name: 'lyceum-cms', port: { number: 80 } }],
    ])
  })

  it('runs both apps in lyceum-platform with pinned images, probes, limits and the hardened context', async () => {
    await register()
    expect(at(captured(mocks, TYPES.namespace).inputs, 'metadata', 'name')).toBe('lyceum-platform')
    for (const [name, image] of [
      ['platform-hub-deployment', 'ghcr.io/acme/lyceum-hub:1.0.0'],
      ['platform-cms-deployment', 'ghcr.io/acme/lyceum-cms:2.3.4'],
    ] as const) {
      const { inputs } = captured(mocks, TYPES.deployment, name)
      expect(at(inputs, 'metadata', 'namespace')).toBe('lyceum-platform')
      const c = container(name)
      expect(c.image).toBe(image)
      expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }])
      expect(at(c, 'readinessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 3000, scheme: 'HTTP' })
      expect(at(c, 'livenessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 3000, scheme: 'HTTP' })
      expect(at(c, 'resources', 'requests')).toBeDefined()
      expect(at(c, 'resources', 'limits')).toBeDefined()
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      })
    }
    expect(at(container('platform-cms-deployment'), 'resources')).toEqual({
      requests: { cpu: '100m', memory: '384Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    })
    expect(at(captured(mocks, TYPES.deployment, 'platform-hub-deployment').inputs, 'spec', 'replicas')).toBe(
      2,
    )
  })

  it('gives the cms its database URL and Payload secret only through secretKeyRef', async () => {
    await register()
    const secret = captured(mocks, TYPES.secret, 'platform-cms-secret').inputs
    expect(at(secret, 'metadata', 'name')).toBe('lyceum-cms')
    expect(pulumi.runtime.isRpcSecret(secret.stringData)).toBe(true)
    expect(pulumi.runtime.unwrapRpcSecret(secret.stringData)).toEqual({
      DATABASE_URL,
      PAYLOAD_SECRET,
    })
    const env = container('platform-cms-deployment').env as EnvVar[]
    for (const name of ['DATABASE_URL', 'PAYLOAD_SECRET']) {
      expect(env.find((v) => v.name === name)).toEqual({
        name,
        valueFrom: { secretKeyRef: { name: 'lyceum-cms', key: name, optional: false } },
      })
    }
    for (const value of [DATABASE_URL, PAYLOAD_SECRET]) {
      expect(mocks.resources.flatMap((r) => plainOccurrences(r.inputs, value, r.name))).toEqual([])
    }
  })

  it('gives the hub its platform key and extra credentials only through secretKeyRef', async () => {
    const resources = await register({ secretEnv: { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET } })
    expect(await pulumi.isSecret(resources.hub.secret.stringData)).toBe(true)
    const secret = captured(mocks, TYPES.secret, 'platform-hub-secret').inputs
    expect(at(secret, 'metadata', 'name')).toBe('lyceum-hub')
    expect(pulumi.runtime.isRpcSecret(secret.stringData)).toBe(true)
    expect(pulumi.runtime.unwrapRpcSecret(secret.stringData)).toEqual({
      LYCEUM_PLATFORM_KEY: PLATFORM_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
    })
    const env = container('platform-hub-deployment').env as EnvVar[]
    for (const name of ['LYCEUM_PLATFORM_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      expect(env.find((v) => v.name === name)).toEqual({
        name,
        valueFrom: { secretKeyRef: { name: 'lyceum-hub', key: name, optional: false } },
      })
    }
    for (const value of [PLATFORM_KEY, STRIPE_SECRET]) {
      expect(mocks.resources.flatMap((r) => plainOccurrences(r.inputs, value, r.name))).toEqual([])
    }
  })

  it("marks only the two Secrets' data as secret", async () => {
    await register()
    const secretInputs = mocks.resources.flatMap((r) =>
      Object.entries(r.inputs)
        .filter(([, value]) => pulumi.runtime.isRpcSecret(value))
        .map(([key]) => `${r.name}.${key}`),
    )
    expect(secretInputs.sort()).toEqual(['platform-cms-secret.stringData', 'platform-hub-secret.stringData'])
  })

  it('configures the apps for their public URLs', async () => {
    await register()
    expect(plainEnv(container('platform-cms-deployment'))).toMatchObject({
      PORT: '3000',
      HOSTNAME: '0.0.0.0',
      LYCEUM_CMS_PUBLIC_URL: 'https://cms.lyceum.example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
      LYCEUM_RESERVED_SLUGS: 'billing',
      LYCEUM_MEDIA_DIR: '/data/media',
    })
    expect(plainEnv(container('platform-hub-deployment'))).toMatchObject({
      PORT: '3000',
      HOST: '0.0.0.0',
      ORIGIN: 'https://lyceum.example',
      NODE_ENV: 'production',
      LYCEUM_CMS_URL: 'http://lyceum-cms.lyceum-platform.svc.cluster.local',
      LYCEUM_CMS_PUBLIC_URL: 'https://cms.lyceum.example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
    })
  })

  it('stores cms media on a ReadWriteOnce volume, with one cms pod recreated on deploy', async () => {
    await register()
    const pvc = captured(mocks, TYPES.pvc).inputs
    expect(at(pvc, 'spec')).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    })
    const cms = captured(mocks, TYPES.deployment, 'platform-cms-deployment').inputs
    expect(at(cms, 'spec', 'replicas')).toBe(1)
    expect(at(cms, 'spec', 'strategy')).toEqual({ type: 'Recreate' })
    expect(at(cms, 'spec', 'template', 'spec', 'volumes')).toContainEqual({
      name: 'media',
      persistentVolumeClaim: { claimName: 'lyceum-cms-media' },
    })
    expect(container('platform-cms-deployment').volumeMounts).toContainEqual({
      name: 'media',
      mountPath: '/data/media',
    })
  })
})

describe('platformProgram', () => {
  it('returns the public URLs, namespace and record ids', async () => {
    const outputs = await platform.platformProgram(config())()
    expect(outputs.hubUrl).toBe('https://lyceum.example')
    expect(outputs.cmsUrl).toBe('https://cms.lyceum.example')
    expect(await outputValue(outputs.namespace)).toBe('lyceum-platform')
    expect(await outputValue(outputs.dnsRecordIds.apex)).toBe('platform-dns-apex-id')
    expect(await outputValue(outputs.dnsRecordIds.www)).toBe('platform-dns-www-id')
    expect(await outputValue(outputs.dnsRecordIds.cms)).toBe('platform-dns-cms-id')
  })

  it('is an inline program the Automation API accepts', () => {
    expectTypeOf(platform.platformProgram).returns.toExtend<PulumiFn>()
    expect(typeof platform.platformProgram(config())).toBe('function')
  })

  it('throws before Pulumi runs when handed an invalid config', () => {
    const bad = { ...config(), cms: { ...config().cms, image: 'lyceum-cms:latest' } }
    expect(() => platform.platformProgram(bad)).toThrow(/cms\.image: .*latest/)
  })
})
