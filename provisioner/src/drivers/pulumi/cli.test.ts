import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DriverError } from '../types.ts'
import { findPulumiCli } from './cli.ts'

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

describe('the Pulumi CLI check', () => {
  it('fails with what to install when the CLI is not in the given installation', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'no-pulumi-'))
    const error = await findPulumiCli({ root }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DriverError)
    expect(error).toMatchObject({ code: 'unavailable', retryable: false })
    expect((error as Error).message).toContain(`${root}/bin/pulumi could not be run`)
    expect((error as Error).message).toContain('https://get.pulumi.com')
  })

  it('stops the provisioner at start, before any job, when pulumi is not on PATH', async () => {
    // A PATH holding nothing: the real process, the real lookup.
    const emptyPath = mkdtempSync(path.join(tmpdir(), 'empty-path-'))
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: packageDir,
      env: {
        PATH: emptyPath,
        HOME: mkdtempSync(path.join(tmpdir(), 'home-')),
        // Nothing listens here: the check must come before the database is used.
        DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
        LYCEUM_CMS_URL: 'http://127.0.0.1:1',
        LYCEUM_PLATFORM_KEY: 'platform-key-0123456789',
        LYCEUM_PROVISIONER_DRIVER: 'pulumi',
        PULUMI_BACKEND_URL: 'file:///nonexistent/state',
        PULUMI_CONFIG_PASSPHRASE: 'correct horse',
        CLOUDFLARE_API_TOKEN: 'cf-token',
        LYCEUM_CLOUDFLARE_ZONE_ID: '0123456789abcdef0123456789abcdef',
        LYCEUM_ROOT_DOMAIN: 'lyceum.example',
        KUBECONFIG: '/nonexistent/kubeconfig',
        LYCEUM_TENANT_IMAGE: 'ghcr.io/lyceum/tenant-app:1.4.2',
        LYCEUM_DNS_TARGET: 'lb.ingress.example.net',
        LYCEUM_TENANT_CMS_URL: 'https://cms.lyceum.example',
        LYCEUM_RECONCILE_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const started = Date.now()
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code, output).toBe(1)
    expect(output).toContain('The pulumi driver needs the Pulumi CLI')
    expect(output).toContain('`pulumi` on PATH could not be run')
    expect(output).toContain('curl -fsSL https://get.pulumi.com | sh')
    expect(output).toContain('The provisioner did not start (LYCEUM_PROVISIONER_DRIVER=pulumi)')
    expect(output).not.toContain('provisioner ready')
    // Fails fast: no waiting on a database, a queue or a job.
    expect(Date.now() - started).toBeLessThan(30_000)
  })
})
