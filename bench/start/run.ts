/**
 * Start-up benchmark: the time from `npm start` until every component is healthy, cold and warm.
 * Prints numbers; asserts nothing. See README.md next to this file.
 *
 *   node bench/start/run.ts [--warm-runs=3] [--clone]
 *
 * - cold: a fresh data folder: embedded PostgreSQL initialised, migrations, seed, and the two demo
 *   schools provisioned; "ready" is printed when the components are healthy, and the schools are
 *   timed until each answers 200 through the gateway.
 * - warm: the same data folder started again (re-adopts the schools, no rebuild).
 * - `--clone` also times a true first start: `git clone` of this checkout into a temp folder and
 *   `npm start` there (bootstrap, pnpm install, builds…), until ready. Minutes, not seconds.
 *
 * Runs on its own ports and data folder (like the journey test), beside a running platform.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type PlatformPorts, startPlatform } from '@lyceum/journey/platform'
import { JOURNEY_TIMINGS_FILE, readJourneyTimings } from '@lyceum/journey/timings'

const { values } = parseArgs({
  options: {
    'warm-runs': { type: 'string', default: '3' },
    clone: { type: 'boolean', default: false },
  },
})
const ports: PlatformPorts = {
  gateway: 28080,
  hub: 23000,
  cms: 23001,
  smtp: 21025,
  mailWeb: 21080,
  pg: 54382,
}
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lyceum-bench-start-'))
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Polls `url` with `Host` until it answers 200; the ms it took. */
async function until200(url: string, host: string, t0: number, timeoutMs = 180_000): Promise<number> {
  while (Date.now() - t0 < timeoutMs) {
    const status = await new Promise<number>((resolve) => {
      const req = request(url, { headers: { host }, timeout: 2_000 }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', () => resolve(0))
      req.on('timeout', () => req.destroy())
      req.end()
    })
    if (status === 200) return Date.now() - t0
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${host} did not answer 200 within ${timeoutMs / 1000} s`)
}

console.log(
  `bench/start: ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}, node ${process.version}`,
)

const t0 = Date.now()
const cold = await startPlatform({ ports, dataDir, fresh: true })
const coldReady = Date.now() - t0
const schools: Record<string, number> = {}
for (const slug of ['northwind', 'lumiere']) {
  schools[slug] = await until200(
    `http://127.0.0.1:${ports.gateway}/`,
    `${slug}.localhost:${ports.gateway}`,
    t0,
  )
}
await cold.stop()
console.log(`cold (fresh data folder, builds cached): ready in ${seconds(coldReady)}`)
for (const [slug, ms] of Object.entries(schools))
  console.log(`  demo school ${slug} answering 200 after ${seconds(ms)}`)

const warm: number[] = []
for (let i = 0; i < Number(values['warm-runs']); i++) {
  const t1 = Date.now()
  const again = await startPlatform({ ports, dataDir, fresh: false })
  const ready = Date.now() - t1
  const school = await until200(
    `http://127.0.0.1:${ports.gateway}/`,
    `northwind.localhost:${ports.gateway}`,
    t1,
  )
  await again.stop()
  warm.push(ready)
  console.log(
    `warm #${i + 1}: ready in ${seconds(ready)}; northwind answering 200 (woken) after ${seconds(school)}`,
  )
}
warm.sort((a, b) => a - b)
console.log(`warm: median ready ${seconds(warm[Math.floor(warm.length / 2)] ?? 0)} over ${warm.length} runs`)
rmSync(dataDir, { recursive: true, force: true })

// Paid → live is measured in the browser by the end-to-end journey (minutes long), not here.
const journey = readJourneyTimings()
console.log(
  journey
    ? `paid → live (school bought in the sandbox checkout until shown live), last journey run at ${journey.measuredAt}: ${journey.paidToLiveSeconds.toFixed(1)} s (its platform was ready in ${journey.platformReadySeconds.toFixed(1)} s)`
    : `paid → live: no journey run recorded (${path.relative(process.cwd(), JOURNEY_TIMINGS_FILE)}); run \`cd packages/journey && pnpm run test:e2e\``,
)

if (values.clone) {
  const repo = path.resolve(import.meta.dirname, '..', '..')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lyceum-bench-clone-'))
  const t2 = Date.now()
  const clone = spawn('git', ['clone', '--quiet', repo, dir], { stdio: 'inherit' })
  await new Promise((resolve) => clone.once('exit', resolve))
  const child = spawn('npm', ['start'], {
    cwd: dir,
    env: {
      ...process.env,
      LYCEUM_GATEWAY_PORT: String(ports.gateway),
      LYCEUM_HUB_PORT: String(ports.hub),
      LYCEUM_CMS_PORT: String(ports.cms),
      LYCEUM_SMTP_PORT: String(ports.smtp),
      LYCEUM_MAIL_WEB_PORT: String(ports.mailWeb),
      LYCEUM_PG_PORT: String(ports.pg),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  while (!/\[lyceum\] ready in /.test(out) && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 500))
  const ms = Date.now() - t2
  child.kill('SIGINT')
  await new Promise((resolve) => child.once('exit', resolve))
  console.log(
    `first start after a clean clone (git clone + npm start: install, builds, database, seed): ready in ${seconds(ms)}`,
  )
  rmSync(dir, { recursive: true, force: true })
}
