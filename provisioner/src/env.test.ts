import { describe, expect, it } from 'vitest'
import { parseProvisionerEnv } from './env.ts'

const minimal = {
  DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:54329/lyceum',
  LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
  LYCEUM_PLATFORM_KEY: 'platform-key-0123456789',
}

describe('parseProvisionerEnv', () => {
  it('applies the defaults', () => {
    const env = parseProvisionerEnv(minimal)
    expect(env).toMatchObject({
      LYCEUM_ROOT_DOMAIN: 'localhost',
      LYCEUM_PUBLIC_URL_TEMPLATE: 'http://{slug}.localhost:8080',
      LYCEUM_PROVISIONER_DRIVER: 'local',
      LYCEUM_PROVISIONER_CONCURRENCY: 4,
      LYCEUM_PROVISIONER_MAX_ATTEMPTS: 5,
      LYCEUM_RETENTION_DAYS: 30,
      LYCEUM_IDLE_MINUTES: 0,
      LYCEUM_RECONCILE_SECONDS: 30,
      LYCEUM_HEARTBEAT_MS: 1000,
      LYCEUM_STALE_AFTER_MS: 5000,
      LYCEUM_TENANT_ENV_PASSTHROUGH: [],
    })
    expect(env.LYCEUM_DATA_DIR).toMatch(/\.data$/)
    expect(env.LYCEUM_TENANT_APP_SERVER).toMatch(/tenant-app\/\.next\/standalone\/tenant-app\/server\.js$/)
    expect(env.LYCEUM_SMTP_URL).toBeUndefined()
  })

  it('names every bad variable', () => {
    expect(() =>
      parseProvisionerEnv({
        ...minimal,
        LYCEUM_PLATFORM_KEY: 'short',
        LYCEUM_PUBLIC_URL_TEMPLATE: 'https://school.example',
        LYCEUM_PROVISIONER_CONCURRENCY: '0',
        LYCEUM_HEARTBEAT_MS: '5000',
      }),
    ).toThrow(
      [
        'Invalid provisioner environment:',
        '  LYCEUM_PLATFORM_KEY: must be at least 16 characters (the platform service key)',
        '  LYCEUM_PUBLIC_URL_TEMPLATE: must contain {slug}',
        '  LYCEUM_PROVISIONER_CONCURRENCY: Too small: expected number to be >=1',
      ].join('\n'),
    )
  })

  it('parses the gateway targets, and needs both with a port', () => {
    const env = parseProvisionerEnv({
      ...minimal,
      LYCEUM_GATEWAY_PORT: '8080',
      LYCEUM_GATEWAY_HUB: '127.0.0.1:5173',
      LYCEUM_GATEWAY_CMS: 'localhost:3001',
    })
    expect(env.LYCEUM_GATEWAY_HUB).toEqual({ host: '127.0.0.1', port: 5173 })
    expect(env.LYCEUM_GATEWAY_CMS).toEqual({ host: 'localhost', port: 3001 })
    expect(() => parseProvisionerEnv({ ...minimal, LYCEUM_GATEWAY_PORT: '8080' })).toThrow(
      'LYCEUM_GATEWAY_PORT: the gateway needs LYCEUM_GATEWAY_HUB and LYCEUM_GATEWAY_CMS',
    )
    expect(() => parseProvisionerEnv({ ...minimal, LYCEUM_GATEWAY_HUB: 'http://hub' })).toThrow(
      'LYCEUM_GATEWAY_HUB: must be host:port',
    )
  })

  it('reads LYCEUM_STOP_INSTANCES_ON_EXIT as a boolean, false by default', () => {
    expect(parseProvisionerEnv(minimal).LYCEUM_STOP_INSTANCES_ON_EXIT).toBe(false)
    expect(
      parseProvisionerEnv({ ...minimal, LYCEUM_STOP_INSTANCES_ON_EXIT: 'true' })
        .LYCEUM_STOP_INSTANCES_ON_EXIT,
    ).toBe(true)
    expect(() => parseProvisionerEnv({ ...minimal, LYCEUM_STOP_INSTANCES_ON_EXIT: 'yes' })).toThrow(
      'LYCEUM_STOP_INSTANCES_ON_EXIT: must be true or false',
    )
  })

  it('names every setting the pulumi driver needs, and accepts them', () => {
    let message = ''
    try {
      parseProvisionerEnv({ ...minimal, LYCEUM_PROVISIONER_DRIVER: 'pulumi' })
    } catch (error) {
      message = (error as Error).message
    }
    for (const name of [
      'PULUMI_BACKEND_URL',
      'CLOUDFLARE_API_TOKEN',
      'LYCEUM_CLOUDFLARE_ZONE_ID',
      'KUBECONFIG',
      'LYCEUM_TENANT_IMAGE',
      'LYCEUM_DNS_TARGET',
      'LYCEUM_TENANT_CMS_URL',
      'PULUMI_CONFIG_PASSPHRASE',
    ]) {
      expect(message).toContain(`  ${name}: is required with the pulumi driver`)
    }
    const env = parseProvisionerEnv({
      ...minimal,
      LYCEUM_PROVISIONER_DRIVER: 'pulumi',
      PULUMI_BACKEND_URL: 's3://lyceum-state/pulumi',
      LYCEUM_PULUMI_SECRETS_PROVIDER: 'awskms://alias/lyceum',
      CLOUDFLARE_API_TOKEN: 'cf-token',
      LYCEUM_CLOUDFLARE_ZONE_ID: '0123456789abcdef0123456789abcdef',
      KUBECONFIG: '/etc/lyceum/kubeconfig',
      LYCEUM_TENANT_IMAGE: 'ghcr.io/lyceum/tenant-app:1.4.2',
      LYCEUM_DNS_TARGET: 'lb.ingress.example.net',
      LYCEUM_TENANT_CMS_URL: 'https://cms.lyceum.example',
      LYCEUM_TENANT_MEMORY_LIMIT: '512Mi',
    })
    expect(env).toMatchObject({ LYCEUM_INGRESS_CLASS: 'nginx', LYCEUM_TENANT_MEMORY_LIMIT: '512Mi' })
    expect(() => parseProvisionerEnv({ ...minimal, LYCEUM_PROVISIONER_DRIVER: 'docker' })).toThrow(
      'LYCEUM_PROVISIONER_DRIVER: must be local or pulumi',
    )
  })

  it('refuses a staleness shorter than three heartbeats', () => {
    expect(() => parseProvisionerEnv({ ...minimal, LYCEUM_HEARTBEAT_MS: '2000' })).toThrow(
      'LYCEUM_STALE_AFTER_MS: must be at least 3 × LYCEUM_HEARTBEAT_MS',
    )
  })
})
