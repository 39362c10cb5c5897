/**
 * `npm run status`: the state of each component of a local platform started with `npm start`, and
 * of each school. Read-only: it wakes no sleeping school (instances are probed on their own
 * loopback port, not through the gateway) and writes nothing.
 *
 * Sources: each component's `/healthz`; the cms (`tenants`, `subscriptions`, read with the local
 * platform key from .data/secrets.json or LYCEUM_PLATFORM_KEY); the local driver's state file
 * (.data/local-driver/state.json) for the instances.
 *
 * Exit code: 0 when every component answers, 1 otherwise (e.g. the platform is not running).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createCmsClient } from '@lyceum/cms-client'
import { assertReachable, isProcessAlive } from '@lyceum/postgres'
import { dataDir, localPorts } from './local-env.ts'

type Check = { name: string; ok: boolean; where: string; detail: string }

const ports = localPorts()
const rootDomain = 'localhost'
const out = (line = '') => process.stdout.write(`${line}\n`)

/** GET `url` (optionally with a Host header), reporting the status and the time it took. */
async function probe(url: string, host?: string): Promise<{ ok: boolean; detail: string }> {
  const t0 = performance.now()
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(2_000),
      headers: host ? { host } : {},
      redirect: 'manual',
    })
    await res.body?.cancel()
    const ms = Math.round(performance.now() - t0)
    return { ok: res.status < 400, detail: `healthz ${res.status} in ${ms} ms` }
  } catch (cause) {
    const reason =
      cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : ''
    return { ok: false, detail: `not answering (${reason || 'no response'})` }
  }
}

async function components(): Promise<Check[]> {
  const databaseUrl =
    process.env.DATABASE_URL || `postgres://postgres:postgres@127.0.0.1:${ports.pg}/postgres`
  const pg = await assertReachable(databaseUrl, 2_000).then(
    () => ({
      ok: true,
      detail: process.env.DATABASE_URL
        ? 'DATABASE_URL'
        : `embedded, data in ${path.join(dataDir, 'postgres')}`,
    }),
    () => ({ ok: false, detail: 'not answering' }),
  )
  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`
  const [cms, hub, gateway, mail] = await Promise.all([
    probe(`http://127.0.0.1:${ports.cms}/healthz`),
    probe(`http://127.0.0.1:${ports.hub}/healthz`),
    probe(`${gatewayUrl}/__gateway/healthz`),
    probe(`http://127.0.0.1:${ports.mailWeb}/api/healthz`),
  ])
  return [
    { name: 'postgres', where: process.env.DATABASE_URL ? '(DATABASE_URL)' : `127.0.0.1:${ports.pg}`, ...pg },
    { name: 'cms', where: `http://cms.${rootDomain}:${ports.gateway}/admin`, ...cms },
    { name: 'hub', where: `http://${rootDomain}:${ports.gateway}`, ...hub },
    { name: 'provisioner + gateway', where: `127.0.0.1:${ports.gateway}`, ...gateway },
    { name: 'mail catcher', where: `http://${rootDomain}:${ports.mailWeb}`, ...mail },
  ]
}

type InstanceRecord = { desired: 'running' | 'sleeping' | 'stopped'; pid: number | null; port: number | null }

function localInstances(): Record<string, InstanceRecord> {
  const file = path.join(dataDir, 'local-driver', 'state.json')
  if (!existsSync(file)) return {}
  const state = JSON.parse(readFileSync(file, 'utf8')) as { instances?: Record<string, InstanceRecord> }
  return state.instances ?? {}
}

async function instanceState(record: InstanceRecord | undefined): Promise<string> {
  if (!record) return 'none'
  if (record.desired === 'stopped') return 'stopped'
  if (record.desired === 'sleeping') return 'asleep (wakes on the next request)'
  if (!record.pid || !record.port || !isProcessAlive(record.pid))
    return 'not running (the reconcile loop restarts it)'
  const health = await probe(`http://127.0.0.1:${record.port}/healthz`)
  return `running, pid ${record.pid}, port ${record.port}, ${health.detail}`
}

function platformKey(): string | undefined {
  if (process.env.LYCEUM_PLATFORM_KEY) return process.env.LYCEUM_PLATFORM_KEY
  const file = path.join(dataDir, 'secrets.json')
  if (!existsSync(file)) return undefined
  return (JSON.parse(readFileSync(file, 'utf8')) as { LYCEUM_PLATFORM_KEY?: string }).LYCEUM_PLATFORM_KEY
}

async function schools(cmsUp: boolean): Promise<void> {
  const key = platformKey()
  if (!cmsUp || !key) {
    out(`schools: ${key ? 'unknown while the cms is down' : 'none yet (the platform was never started)'}`)
    return
  }
  const cms = createCmsClient({
    baseUrl: `http://127.0.0.1:${ports.cms}`,
    auth: { apiKey: key },
    userAgent: 'lyceum-status',
    timeoutMs: 5_000,
  })
  const [tenants, subscriptions] = await Promise.all([
    cms.find('tenants', { limit: 1000, depth: 0, sort: 'slug' }),
    cms.find('subscriptions', { limit: 1000, depth: 0, sort: '-updatedAt' }),
  ])
  const subscriptionOf = new Map<string, string>()
  for (const s of subscriptions.docs) {
    const tenant = typeof s.tenant === 'string' ? s.tenant : s.tenant?.id
    if (tenant && !subscriptionOf.has(tenant)) subscriptionOf.set(tenant, `${s.status} (${s.provider})`)
  }
  const instances = localInstances()
  out(`schools (${tenants.totalDocs})`)
  for (const tenant of tenants.docs) {
    out(`  ${tenant.slug.padEnd(24)} ${tenant.status}`)
    out(`    url           http://${tenant.slug}.${rootDomain}:${ports.gateway}`)
    out(`    subscription  ${subscriptionOf.get(tenant.id) ?? 'none'}`)
    out(`    instance      ${await instanceState(instances[tenant.slug])}`)
    if (tenant.statusReason) out(`    reason        ${tenant.statusReason}`)
  }
}

const checks = await components()
out(`Lyceum status, ${new Date().toISOString()}`)
out()
out('components')
for (const c of checks) out(`  ${c.ok ? '✓' : '✗'} ${c.name.padEnd(22)} ${c.where.padEnd(38)} ${c.detail}`)
out()
try {
  await schools(checks.find((c) => c.name === 'cms')?.ok ?? false)
} catch (cause) {
  out(`schools: the cms did not answer (${cause instanceof Error ? cause.message : String(cause)})`)
}
const down = checks.filter((c) => !c.ok)
if (down.length === checks.length) out('\nNothing is running: start the platform with `npm start`.')
process.exit(down.length === 0 ? 0 : 1)
