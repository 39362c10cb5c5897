/**
 * Local gateway benchmark: the latency the gateway adds in front of a tenant instance, and how
 * long a wake from zero takes. Prints numbers; asserts nothing. See README.md next to this file.
 *
 *   node bench/gateway/run.ts [--seconds=10] [--serial-seconds=5] [--connections=50] [--rate=1000]
 *                             [--wakes=5]
 *
 * Three processes, all on 127.0.0.1: an upstream `node:http` server (child), the gateway
 * (child), and this one, the load client. The client measures the same upstream twice: directly,
 * and through the gateway (`Host: bench.localhost`).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
// Relative import: bench/ does not depend on @lyceum/provisioner (yet).
import { createGateway, type Target, type TenantRoute } from '../../provisioner/src/gateway/index.ts'

const HOST = '127.0.0.1'
/** Upper bound on requests per phase, whatever the duration. */
const MAX_REQUESTS_PER_PHASE = 3_000_000
const WARMUP_MS = 1000

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    'upstream-port': { type: 'string' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '10' },
    'serial-seconds': { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '1000' },
    wakes: { type: 'string', default: '5' },
  },
})

/** Child role: the upstream, answering `200 ok` to everything. */
async function runUpstream(): Promise<void> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok')
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  process.send?.({ port: (server.address() as AddressInfo).port })
}

/** Child role: the gateway, routing `bench.localhost` (and the hub and cms) to the upstream. */
async function runGateway(upstreamPort: number): Promise<void> {
  const target = { host: HOST, port: upstreamPort }
  const route: TenantRoute = { slug: 'bench', state: 'live', target }
  let proxied = 0
  const gateway = createGateway({
    hub: target,
    cms: target,
    routes: { resolve: (slug) => (slug === 'bench' ? route : null) },
    onRequest: () => {
      proxied += 1
    },
  })
  gateway.server.keepAliveTimeout = 60_000
  const { port } = await gateway.listen(0, HOST)
  process.send?.({ port })
  process.on('message', () => process.send?.({ proxied }))
}

/** Forks this file in `role` and waits for the port it reports. */
function startChild(role: string, extra: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(import.meta.filename, [`--role=${role}`, ...extra], { stdio: 'inherit' })
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }))
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before listening`)))
  })
}

interface PhaseResult {
  label: string
  connections: number
  requests: number
  errors: number
  seconds: number
  /** Latencies in milliseconds, sorted. */
  latencies: Float64Array
}

function get(agent: http.Agent, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request({ host: HOST, port, path: '/', agent, headers: { host } }, (res) => {
      res.resume()
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`status ${res.statusCode}`)),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * `connections` workers on keep-alive connections for `ms` (after a warm-up), each sending its
 * next request when the previous one ended (closed loop) or, with `rate` (requests/s over all
 * connections), at its next slot: `connections / rate` seconds apart per worker.
 */
async function phase(
  label: string,
  target: { port: number; host: string },
  connections: number,
  ms: number,
  rate?: number,
): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const intervalMs = rate ? (connections / rate) * 1000 : 0
  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = []
    let requests = 0
    let errors = 0
    const started = performance.now()
    const deadline = started + durationMs
    const worker = async (index: number) => {
      // Spread the paced workers' first slots over one interval.
      let nextAt = started + (intervalMs * index) / connections
      while (performance.now() < deadline && requests < MAX_REQUESTS_PER_PHASE) {
        if (intervalMs > 0) {
          const wait = nextAt - performance.now()
          if (wait > 0) await sleep(wait)
          nextAt += intervalMs
        }
        requests += 1
        try {
          const latency = await get(agent, target.port, target.host)
          if (record) latencies.push(latency)
        } catch {
          errors += 1
        }
      }
    }
    await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)))
    const seconds = (performance.now() - started) / 1000
    return { requests, errors, seconds, latencies: Float64Array.from(latencies).sort() }
  }
  await run(Math.min(WARMUP_MS, ms), false)
  const result = await run(ms, true)
  agent.destroy()
  return { label, connections, ...result }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

/** Starts a trivial upstream process; resolves once it answers a health check. */
async function startTrivialInstance(): Promise<{ child: ChildProcess; target: Target; healthyMs: number }> {
  const started = performance.now()
  const code =
    "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
    child.once('exit', (exitCode) => reject(new Error(`instance exited with ${exitCode}`)))
  })
  const agent = new http.Agent({ keepAlive: false })
  await get(agent, port, 'bench.localhost')
  return { child, target: { host: HOST, port }, healthyMs: performance.now() - started }
}

/** Wake from zero, `runs` times: a request to a sleeping tenant until its response arrives. */
async function wakeBench(runs: number) {
  let route: TenantRoute = { slug: 'sleepy', state: 'sleeping' }
  const instances: ChildProcess[] = []
  const healthy: number[] = []
  const gateway = createGateway({
    hub: { host: HOST, port: 1 },
    cms: { host: HOST, port: 1 },
    routes: { resolve: (slug) => (slug === route.slug ? route : null) },
    wake: async () => {
      const instance = await startTrivialInstance()
      instances.push(instance.child)
      healthy.push(instance.healthyMs)
      route = { slug: 'sleepy', state: 'live', target: instance.target }
      return instance.target
    },
  })
  const { port } = await gateway.listen(0, HOST)
  const total: number[] = []
  const agent = new http.Agent({ keepAlive: false })
  for (let run = 0; run < runs; run += 1) {
    route = { slug: 'sleepy', state: 'sleeping' }
    total.push(await get(agent, port, 'sleepy.localhost'))
    for (const child of instances.splice(0)) child.kill()
  }
  await gateway.close()
  const sort = (list: number[]) => Float64Array.from(list).sort()
  return { runs, healthy: { latencies: sort(healthy) }, total: { latencies: sort(total) } }
}

async function main(): Promise<void> {
  const loadMs = Number(values.seconds) * 1000
  const serialMs = Number(values['serial-seconds']) * 1000
  const connections = Number(values.connections)
  const rate = Number(values.rate)
  const wakes = Number(values.wakes)
  for (const [name, value] of Object.entries({ loadMs, serialMs, connections, rate, wakes })) {
    if (!Number.isFinite(value) || value <= 0 || value > 600_000) throw new Error(`Bad ${name}: ${value}`)
  }

  // Watchdog: every phase is bounded by its duration; this catches a hang anyway.
  const budgetMs = 2 * (serialMs + 2 * loadMs + 3 * WARMUP_MS) + wakes * 25_000 + 30_000
  setTimeout(() => {
    console.error(`gateway bench: still running after ${budgetMs} ms, giving up`)
    process.exit(2)
  }, budgetMs).unref()

  const upstream = await startChild('upstream')
  const gateway = await startChild('gateway', [`--upstream-port=${upstream.port}`])
  const children = [upstream.child, gateway.child]
  process.on('exit', () => {
    for (const child of children) child.kill()
  })

  console.log(
    `gateway bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}; ` +
      `each phase after a ${WARMUP_MS / 1000} s warm-up`,
  )
  const direct = { port: upstream.port, host: 'bench.localhost' }
  const proxied = { port: gateway.port, host: `bench.localhost:${gateway.port}` }
  const pairs: Array<{ name: string; connections: number; ms: number; rate?: number }> = [
    { name: `serial (1 conn, ${serialMs / 1000} s)`, connections: 1, ms: serialMs },
    {
      name: `paced (${connections} conns, ${rate} req/s, ${loadMs / 1000} s)`,
      connections,
      ms: loadMs,
      rate,
    },
    { name: `saturated (${connections} conns, ${loadMs / 1000} s)`, connections, ms: loadMs },
  ]
  const results: Array<{ name: string; direct: PhaseResult; gateway: PhaseResult }> = []
  for (const pair of pairs) {
    results.push({
      name: pair.name,
      direct: await phase('direct', direct, pair.connections, pair.ms, pair.rate),
      gateway: await phase('gateway', proxied, pair.connections, pair.ms, pair.rate),
    })
  }
  const proxiedCount = await new Promise<number>((resolve) => {
    gateway.child.once('message', (message) => resolve((message as { proxied: number }).proxied))
    gateway.child.send('count')
  })
  for (const child of children) child.kill()

  const ms = (value: number) => value.toFixed(3).padStart(8)
  const p = (r: { latencies: Float64Array }, q: number) => percentile(r.latencies, q)
  console.log('')
  console.log(
    `${'phase'.padEnd(36)}${'via'.padEnd(9)}${'requests'.padStart(9)}${'errors'.padStart(7)}` +
      `${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
  )
  for (const { name, direct: d, gateway: g } of results) {
    for (const r of [d, g]) {
      console.log(
        `${(r === d ? name : '').padEnd(36)}${r.label.padEnd(9)}${String(r.latencies.length).padStart(9)}` +
          `${String(r.errors).padStart(7)}${(r.latencies.length / r.seconds).toFixed(0).padStart(8)}` +
          `${ms(p(r, 0.5))}${ms(p(r, 0.99))}`,
      )
    }
    console.log(
      `${''.padEnd(36)}${'added'.padEnd(24)}${''.padStart(8)}${ms(p(g, 0.5) - p(d, 0.5))}${ms(p(g, 0.99) - p(d, 0.99))}`,
    )
  }
  const measured = results.reduce((n, r) => n + r.gateway.requests, 0)
  console.log(
    `(the gateway counted ${proxiedCount} proxied tenant requests: ${measured} measured, the rest warm-up)`,
  )
  console.log('target: ≤ 1 ms added at p50 (serial and paced)')

  const wake = await wakeBench(wakes)
  console.log('')
  console.log(
    `wake from zero, ${wake.runs} runs with a trivial node:http instance: ` +
      `spawn → healthy p50 ${p(wake.healthy, 0.5).toFixed(1)} ms (max ${p(wake.healthy, 1).toFixed(1)}); ` +
      `request → response p50 ${p(wake.total, 0.5).toFixed(1)} ms (max ${p(wake.total, 1).toFixed(1)})`,
  )
}

if (values.role === 'upstream') await runUpstream()
else if (values.role === 'gateway') await runGateway(Number(values['upstream-port']))
else await main()
