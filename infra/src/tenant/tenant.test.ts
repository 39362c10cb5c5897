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
let tenant: typeof import('./index.ts')
beforeAll(async () => {
  mocks = await installPulumiMocks('lyceum-tenant', 'tenant-test')
  tenant = await import('./index.ts')
})
beforeEach(() => mocks.reset())

const KEY = 'tk_live_s3cr3t_0123456789abcdef'
const ZONE = '0123456789abcdef0123456789abcdef'

const TYPES = {
  dns: 'cloudflare:index/dnsRecord:DnsRecord',
  namespace: 'kubernetes:core/v1:Namespace',
  secret: 'kubernetes:core/v1:Secret',
  deployment: 'kubernetes:apps/v1:Deployment',
  service: 'kubernetes:core/v1:Service',
  ingress: 'kubernetes:networking.k8s.io/v1:Ingress',
} as const

function config(slug = 'acme', overrides: Record<string, unknown> = {}) {
  return tenant.parseTenantStackConfig({
    slug,
    rootDomain: 'lyceum.example',
    cloudflareZoneId: ZONE,
    dnsTarget: 'lb-1.ingress.example.net',
    image: 'ghcr.io/acme/lyceum-tenant-app:1.2.3',
    cmsUrl: 'https://cms.lyceum.example',
    locale: 'fr',
    tenantApiKey: KEY,
    ...overrides,
  })
}

/** Registers one tenant's resources and waits until the mocks have seen all of them. */
async function register(slug = 'acme', overrides: Record<string, unknown> = {}) {
  const resources = tenant.createTenantResources(config(slug, overrides))
  expect(await settled(resources)).toBe(6)
  return resources
}

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }

function containerOf(): Record<string, unknown> {
  const deployment = captured(mocks, TYPES.deployment)
  const containers = at(deployment.inputs, 'spec', 'template', 'spec', 'containers') as unknown[]
  expect(containers).toHaveLength(1)
  return containers[0] as Record<string, unknown>
}

describe('tenant stack resources', () => {
  it('registers exactly one of each resource, named from the slug', async () => {
    await register()
    expect(mocks.resources.map((r) => [r.type, r.name]).sort()).toEqual(
      [
        [TYPES.dns, 'tenant-acme-dns'],
        [TYPES.namespace, 'tenant-acme-namespace'],
        [TYPES.secret, 'tenant-acme-secret'],
        [TYPES.deployment, 'tenant-acme-deployment'],
        [TYPES.service, 'tenant-acme-service'],
        [TYPES.ingress, 'tenant-acme-ingress'],
      ].sort(),
    )
  })

  it('gives every resource a unique name and URN within the stack', async () => {
    await register()
    const names = mocks.resources.map((r) => r.name)
    const urns = mocks.resources.map((r) => r.urn)
    expect(new Set(names).size).toBe(names.length)
    expect(new Set(urns).size).toBe(urns.length)
  })

  it('puts everything of two schools under disjoint names', async () => {
    await register('acme')
    const first = mocks.resources.map((r) => ({
      name: r.name,
      object: `${at(r.inputs, 'metadata', 'namespace') ?? ''}/${at(r.inputs, 'metadata', 'name') ?? at(r.inputs, 'name')}`,
    }))
    mocks.reset()
    await register('globex')
    const second = mocks.resources.map((r) => ({
      name: r.name,
      object: `${at(r.inputs, 'metadata', 'namespace') ?? ''}/${at(r.inputs, 'metadata', 'name') ?? at(r.inputs, 'name')}`,
    }))
    expect(first).toHaveLength(6)
    expect(second).toHaveLength(6)
    const secondNames = new Set(second.map((r) => r.name))
    const secondObjects = new Set(second.map((r) => r.object))
    expect(first.filter((r) => secondNames.has(r.name))).toEqual([])
    // Kubernetes objects (namespace/name) and the DNS name don't collide either.
    expect(first.filter((r) => secondObjects.has(r.object))).toEqual([])
    expect(second.map((r) => r.name).every((name) => name.startsWith('tenant-globex-'))).toBe(true)
  })

  it('creates a proxied CNAME <slug>.<rootDomain> → dnsTarget with automatic TTL', async () => {
    await register()
    const { inputs } = captured(mocks, TYPES.dns)
    expect(inputs).toEqual({
      zoneId: ZONE,
      name: 'acme.lyceum.example',
      type: 'CNAME',
      content: 'lb-1.ingress.example.net',
      proxied: true,
      ttl: 1,
      comment: expect.stringMatching(/Lyceum tenant acme/),
    })
    expect((inputs.comment as string).length).toBeLessThanOrEqual(100)
  })

  it('labels the namespace tenant-<slug> as part of Lyceum and the tenant', async () => {
    await register()
    const { inputs } = captured(mocks, TYPES.namespace)
    expect(at(inputs, 'metadata', 'name')).toBe('tenant-acme')
    expect(at(inputs, 'metadata', 'labels')).toMatchObject({
      'app.kubernetes.io/part-of': 'lyceum',
      'lyceum.dev/tenant': 'acme',
      'pod-security.kubernetes.io/enforce': 'restricted',
    })
  })

  it('keeps the cms key in an Opaque Secret whose data is a Pulumi secret', async () => {
    const resources = await register()
    const { inputs } = captured(mocks, TYPES.secret)
    expect(at(inputs, 'metadata')).toMatchObject({ name: 'tenant-app-cms', namespace: 'tenant-acme' })
    expect(inputs.type).toBe('Opaque')
    // The mock monitor receives a secret input wrapped with Pulumi's secret signature.
    expect(pulumi.runtime.isRpcSecret(inputs.stringData)).toBe(true)
    expect(pulumi.runtime.unwrapRpcSecret(inputs.stringData)).toEqual({ 'tenant-api-key': KEY })
    expect(await pulumi.isSecret(resources.secret.stringData)).toBe(true)
  })

  it('reads the key only through secretKeyRef, never as a literal value', async () => {
    await register()
    const env = containerOf().env as EnvVar[]
    const keyVar = env.find((v) => v.name === 'LYCEUM_TENANT_API_KEY')
    expect(keyVar).toEqual({
      name: 'LYCEUM_TENANT_API_KEY',
      valueFrom: { secretKeyRef: { name: 'tenant-app-cms', key: 'tenant-api-key', optional: false } },
    })
    expect(env.filter((v) => v.value?.includes(KEY))).toEqual([])
  })

  it('marks only the Secret data as secret, so the other diffs stay readable', async () => {
    await register()
    const secretInputs = mocks.resources.flatMap((r) =>
      Object.entries(r.inputs)
        .filter(([, value]) => pulumi.runtime.isRpcSecret(value))
        .map(([key]) => `${r.name}.${key}`),
    )
    expect(secretInputs).toEqual(['tenant-acme-secret.stringData'])
  })

  it('has the key in no plain (non-secret) input of any resource', async () => {
    await register()
    expect(mocks.resources.flatMap((r) => plainOccurrences(r.inputs, KEY, r.name))).toEqual([])
    // The walker does find it when the secret wrapper is ignored, so the check above has teeth.
    const secret = captured(mocks, TYPES.secret)
    expect(plainOccurrences(pulumi.runtime.unwrapRpcSecret(secret.inputs.stringData), KEY)).toEqual([
      'tenant-api-key',
    ])
  })

  it('runs the pinned image as container tenant-app with the school env', async () => {
    await register()
    const container = containerOf()
    expect(container.name).toBe('tenant-app')
    expect(container.image).toBe('ghcr.io/acme/lyceum-tenant-app:1.2.3')
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }])
    const plain = Object.fromEntries(
      (container.env as EnvVar[]).filter((v) => v.value !== undefined).map((v) => [v.name, v.value]),
    )
    expect(plain).toMatchObject({
      LYCEUM_TENANT_SLUG: 'acme',
      LYCEUM_CMS_URL: 'https://cms.lyceum.example',
      LYCEUM_PUBLIC_URL: 'https://acme.lyceum.example',
      LYCEUM_LOCALE: 'fr',
      PORT: '3000',
      HOSTNAME: '0.0.0.0',
      NODE_OPTIONS: '--max-semi-space-size=1',
    })
  })

  it('sets the requested replicas, requests and limits', async () => {
    await register('acme', { replicas: 2, resources: { limits: { memory: '384Mi' } } })
    const deployment = captured(mocks, TYPES.deployment)
    expect(at(deployment.inputs, 'metadata')).toMatchObject({ name: 'tenant-app', namespace: 'tenant-acme' })
    expect(at(deployment.inputs, 'spec', 'replicas')).toBe(2)
    expect(containerOf().resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '384Mi' },
    })
  })

  it('probes GET /healthz on 3000 for readiness, liveness and startup', async () => {
    await register()
    const container = containerOf()
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(at(container, probe, 'httpGet')).toEqual({ path: '/healthz', port: 3000, scheme: 'HTTP' })
      expect(at(container, probe, 'periodSeconds')).toBeGreaterThan(0)
      expect(at(container, probe, 'timeoutSeconds')).toBeGreaterThan(0)
    }
    const readiness = at(container, 'readinessProbe', 'periodSeconds') as number
    const liveness = at(container, 'livenessProbe', 'periodSeconds') as number
    expect(liveness).toBeGreaterThanOrEqual(readiness)
  })

  it('runs non-root on a read-only root filesystem, with writable tmp and Next.js cache', async () => {
    await register()
    const container = containerOf()
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    })
    const pod = at(captured(mocks, TYPES.deployment).inputs, 'spec', 'template', 'spec') as Record<
      string,
      unknown
    >
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    })
    expect(pod.automountServiceAccountToken).toBe(false)
    expect(container.volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'next-cache', mountPath: '/app/.next/cache' },
    ])
    expect(pod.volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'next-cache', emptyDir: { sizeLimit: '256Mi' } },
    ])
  })

  it('rolls the pods when the key changes, without exposing it', async () => {
    await register()
    const annotations = () =>
      at(captured(mocks, TYPES.deployment).inputs, 'spec', 'template', 'metadata', 'annotations') as Record<
        string,
        string
      >
    const first = annotations()['lyceum.dev/secret-checksum']
    mocks.reset()
    await register('acme', { tenantApiKey: `${KEY}-rotated` })
    const second = annotations()['lyceum.dev/secret-checksum']
    expect(first).toMatch(/^[0-9a-f]{16}$/)
    expect(second).toMatch(/^[0-9a-f]{16}$/)
    expect(second).not.toBe(first)
  })

  it('selects the pods with a ClusterIP Service on 80 → 3000', async () => {
    await register()
    const { inputs } = captured(mocks, TYPES.service)
    expect(at(inputs, 'metadata')).toMatchObject({ name: 'tenant-app', namespace: 'tenant-acme' })
    expect(at(inputs, 'spec', 'type')).toBe('ClusterIP')
    expect(at(inputs, 'spec', 'ports')).toEqual([
      { name: 'http', port: 80, targetPort: 3000, protocol: 'TCP' },
    ])
    const selector = at(inputs, 'spec', 'selector')
    expect(selector).toEqual(at(captured(mocks, TYPES.deployment).inputs, 'spec', 'selector', 'matchLabels'))
    expect(
      at(captured(mocks, TYPES.deployment).inputs, 'spec', 'template', 'metadata', 'labels'),
    ).toMatchObject(selector as Record<string, string>)
  })

  it('routes <slug>.<rootDomain>/ to the Service through the Ingress class', async () => {
    await register('acme', { ingressClassName: 'traefik' })
    const { inputs } = captured(mocks, TYPES.ingress)
    expect(at(inputs, 'metadata')).toMatchObject({ name: 'tenant-app', namespace: 'tenant-acme' })
    expect(at(inputs, 'spec')).toEqual({
      ingressClassName: 'traefik',
      rules: [
        {
          host: 'acme.lyceum.example',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'tenant-app', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    })
  })
})

describe('tenantProgram', () => {
  it('returns the stack outputs, none of them secret or holding the key', async () => {
    const outputs = await tenant.tenantProgram(config())()
    expect(outputs.url).toBe('https://acme.lyceum.example')
    expect(await outputValue(outputs.namespace)).toBe('tenant-acme')
    expect(await outputValue(outputs.deploymentName)).toBe('tenant-app')
    expect(await outputValue(outputs.dnsRecordId)).toBe('tenant-acme-dns-id')
    for (const output of [outputs.namespace, outputs.deploymentName, outputs.dnsRecordId]) {
      expect(await pulumi.isSecret(output)).toBe(false)
    }
    expect(mocks.resources.map((r) => r.name)).toContain('tenant-acme-dns')
  })

  it('is an inline program the Automation API accepts', () => {
    expectTypeOf(tenant.tenantProgram).returns.toExtend<PulumiFn>()
    expect(typeof tenant.tenantProgram(config())).toBe('function')
  })

  it('throws before Pulumi runs when handed an invalid config', () => {
    const bad = { ...config(), slug: 'www' }
    expect(() => tenant.tenantProgram(bad)).toThrow(/slug: .*reserved/)
  })

  it('names the stack and project for the Automation API', () => {
    expect(tenant.tenantStackName('acme')).toBe('tenant-acme')
    expect(tenant.TENANT_PROJECT_NAME).toBe('lyceum-tenant')
    expect(tenant.tenantNames('acme', 'lyceum.example')).toEqual({
      stack: 'tenant-acme',
      namespace: 'tenant-acme',
      hostname: 'acme.lyceum.example',
      url: 'https://acme.lyceum.example',
      logicalPrefix: 'tenant-acme',
    })
  })

  it.each([
    ['a'.repeat(56), `tenant-${'a'.repeat(56)}`],
    ['a'.repeat(57), /^tenant-a{47}-[0-9a-f]{8}$/],
    ['a'.repeat(63), /^tenant-a{47}-[0-9a-f]{8}$/],
  ])('fits the namespace of a %#-long slug in 63 characters', (slug, expected) => {
    const namespace = tenant.tenantNamespace(slug)
    expect(namespace.length).toBeLessThanOrEqual(63)
    if (typeof expected === 'string') expect(namespace).toBe(expected)
    else expect(namespace).toMatch(expected)
  })

  it('keeps long slugs that share a prefix in distinct namespaces', () => {
    const a = tenant.tenantNamespace(`${'x'.repeat(50)}-alpha`)
    const b = tenant.tenantNamespace(`${'x'.repeat(50)}-bravo`)
    expect(a).not.toBe(b)
    expect(tenant.tenantNamespace(`${'x'.repeat(50)}-alpha`)).toBe(a)
  })
})
