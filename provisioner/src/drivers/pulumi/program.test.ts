import * as pulumi from '@pulumi/pulumi'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DeploymentMeta } from './program.ts'

// The program the driver runs, under Pulumi's mocks: the resource inputs as the engine would
// receive them. Mocks first, then the modules (a static import would load the program before them).
let mocks: import('@lyceum/infra/test-support').PulumiMocks
let support: typeof import('@lyceum/infra/test-support')
let program: typeof import('./program.ts')
let infra: typeof import('@lyceum/infra/tenant')
beforeAll(async () => {
  support = await import('@lyceum/infra/test-support')
  mocks = await support.installPulumiMocks('lyceum-tenant', 'tenant-acme')
  infra = await import('@lyceum/infra/tenant')
  program = await import('./program.ts')
})
beforeEach(() => mocks.reset())

const KEY = 'lyk_mock_s3cr3t_0123456789'
const TYPES = {
  dns: 'cloudflare:index/dnsRecord:DnsRecord',
  secret: 'kubernetes:core/v1:Secret',
  deployment: 'kubernetes:apps/v1:Deployment',
  ingress: 'kubernetes:networking.k8s.io/v1:Ingress',
  namespace: 'kubernetes:core/v1:Namespace',
  service: 'kubernetes:core/v1:Service',
} as const

function input(replicas = 1) {
  const env = {
    LYCEUM_TENANT_SLUG: 'acme',
    LYCEUM_CMS_URL: 'https://cms.lyceum.example',
    LYCEUM_TENANT_API_KEY: KEY,
    LYCEUM_LOCALE: 'fr',
  }
  const meta: DeploymentMeta = {
    envHash: 'a'.repeat(64),
    env,
    deployedAt: '2026-11-21T22:00:00.000Z',
    createdAt: '2026-11-20T10:00:00.000Z',
  }
  const config = infra.parseTenantStackConfig({
    slug: 'acme',
    rootDomain: 'lyceum.example',
    cloudflareZoneId: '0123456789abcdef0123456789abcdef',
    dnsTarget: 'lb.ingress.example.net',
    image: 'ghcr.io/lyceum/tenant-app:1.4.2',
    cmsUrl: env.LYCEUM_CMS_URL,
    locale: 'fr',
    tenantApiKey: KEY,
    replicas,
    resources: { requests: { cpu: '100m' }, limits: { memory: '384Mi' } },
    ingressClassName: 'traefik',
  })
  return { config, meta }
}

async function run(replicas = 1) {
  const outputs = await program.driverProgram(input(replicas))()
  // Wait for every resource to register, through the outputs that depend on them.
  for (const value of Object.values(outputs)) {
    if (pulumi.Output.isInstance(value)) await support.outputValue(value)
  }
  await support.settled(outputs)
  return outputs
}

describe('the pulumi driver’s program', () => {
  it('registers the school’s resources with names, host rule, limits and a proxied record', async () => {
    await run()
    const { at, captured } = support
    expect(mocks.resources.map((r) => r.name).sort()).toEqual(
      ['dns', 'namespace', 'secret', 'deployment', 'service', 'ingress']
        .map((k) => `tenant-acme-${k}`)
        .sort(),
    )
    const dns = captured(mocks, TYPES.dns).inputs
    expect(dns).toMatchObject({
      name: 'acme.lyceum.example',
      type: 'CNAME',
      content: 'lb.ingress.example.net',
    })
    expect(dns.proxied).toBe(true)
    expect(dns.ttl).toBe(1)
    const ingress = captured(mocks, TYPES.ingress).inputs
    expect(at(ingress, 'spec', 'ingressClassName')).toBe('traefik')
    expect(at(ingress, 'spec', 'rules', 0, 'host')).toBe('acme.lyceum.example')
    expect(at(captured(mocks, TYPES.namespace).inputs, 'metadata', 'name')).toBe('tenant-acme')
    const deployment = captured(mocks, TYPES.deployment).inputs
    expect(at(deployment, 'spec', 'replicas')).toBe(1)
    const container = at(deployment, 'spec', 'template', 'spec', 'containers', 0)
    expect(at(container, 'image')).toBe('ghcr.io/lyceum/tenant-app:1.4.2')
    expect(at(container, 'resources')).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '384Mi' },
    })
  })

  it('keeps the key secret: only in the Secret and the secret env output', async () => {
    const outputs = await run()
    const { captured, plainOccurrences } = support
    for (const resource of mocks.resources) {
      expect(plainOccurrences(resource.inputs, KEY), resource.name).toEqual([])
    }
    const secret = captured(mocks, TYPES.secret).inputs
    expect(pulumi.runtime.isRpcSecret(secret.stringData)).toBe(true)
    const envOutput = outputs[program.ENV_OUTPUT] as pulumi.Output<string>
    expect(await pulumi.isSecret(envOutput)).toBe(true)
    expect(JSON.parse(await support.outputValue(envOutput)).LYCEUM_TENANT_API_KEY).toBe(KEY)
  })

  it('scales to zero with replicas 0 (stop), and its outputs read back as the driver’s record', async () => {
    const outputs = await run(0)
    expect(support.at(support.captured(mocks, TYPES.deployment).inputs, 'spec', 'replicas')).toBe(0)
    const values: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(outputs)) {
      values[name] = pulumi.Output.isInstance(value) ? await support.outputValue(value) : value
    }
    expect(program.readStackRecord(values)).toEqual({
      slug: 'acme',
      hostname: 'acme.lyceum.example',
      dnsTarget: 'lb.ingress.example.net',
      replicas: 0,
      envHash: 'a'.repeat(64),
      deployedAt: '2026-11-21T22:00:00.000Z',
      createdAt: '2026-11-20T10:00:00.000Z',
      env: input().meta.env,
      namespace: 'tenant-acme',
      dnsRecordId: 'tenant-acme-dns-id',
    })
    expect(program.readStackRecord({})).toBeNull()
    expect(program.readStackRecord(null)).toBeNull()
  })
})
