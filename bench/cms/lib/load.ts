/**
 * A closed-loop load generator on node:http: `connections` workers, each with its own
 * keep-alive socket and its own learner, send one request, wait for the whole response, record
 * its latency (process.hrtime.bigint) and send the next, until the time is up. A warm-up period
 * runs first and is not recorded. A sample of the responses is parsed and checked.
 */
import http from 'node:http'

export type Worker = {
  /** `Authorization` header value, e.g. `JWT <token>`. */
  authorization: string
  /** Path of the next request (called once per request). */
  nextPath(): string
  /** Checks a parsed 200 response. */
  check(path: string, body: unknown): Check
}

/** What a checked response held: documents, of which from another tenant, of which unpublished. */
export type Check = { docs: number; crossTenant: number; unpublished: number }

export type LoadResult = {
  /** Latencies of the requests completed in the measured window, in milliseconds, sorted. */
  latencies: Float64Array
  /** Seconds from the end of the warm-up to the last completed request. */
  seconds: number
  /** Non-200 answers and socket errors in the measured window, by status or error code. */
  errors: Map<string, number>
  checked: Check & { responses: number }
  warmupRequests: number
}

export async function runLoad(opts: {
  port: number
  workers: Worker[]
  warmupMs: number
  durationMs: number
  /** Parse and check one response in `sampleEvery` per worker (1 = all). */
  sampleEvery: number
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.workers.length })
  const start = process.hrtime.bigint()
  const measureFrom = start + BigInt(opts.warmupMs) * 1_000_000n
  const stopAt = measureFrom + BigInt(opts.durationMs) * 1_000_000n
  const latencies: number[] = []
  const errors = new Map<string, number>()
  const checked = { responses: 0, docs: 0, crossTenant: 0, unpublished: 0 }
  let warmupRequests = 0
  let lastDone = measureFrom

  const one = (worker: Worker, path: string, parse: boolean) =>
    new Promise<{ status: number; body?: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: opts.port,
          path,
          agent,
          headers: { authorization: worker.authorization, accept: 'application/json' },
        },
        (res) => {
          const status = res.statusCode ?? 0
          if (!parse || status !== 200) {
            res.resume()
            res.on('end', () => resolve({ status }))
            return
          }
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }))
        },
      )
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end()
    })

  const loop = async (worker: Worker) => {
    for (let n = 0; ; n++) {
      const sent = process.hrtime.bigint()
      if (sent >= stopAt) return
      const path = worker.nextPath()
      const parse = n % opts.sampleEvery === 0
      let status: number | string
      let body: string | undefined
      try {
        ;({ status, body } = await one(worker, path, parse))
      } catch (error) {
        status = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      }
      const done = process.hrtime.bigint()
      if (body !== undefined) {
        const result = worker.check(path, JSON.parse(body))
        checked.responses++
        checked.docs += result.docs
        checked.crossTenant += result.crossTenant
        checked.unpublished += result.unpublished
      }
      if (sent < measureFrom) {
        warmupRequests++
        continue
      }
      if (status === 200) latencies.push(Number(done - sent) / 1e6)
      else errors.set(String(status), (errors.get(String(status)) ?? 0) + 1)
      if (done > lastDone) lastDone = done
    }
  }

  await Promise.all(opts.workers.map(loop))
  agent.destroy()
  const sorted = Float64Array.from(latencies).sort()
  return {
    latencies: sorted,
    seconds: Number(lastDone - measureFrom) / 1e9,
    errors,
    checked,
    warmupRequests,
  }
}

/** The `q`-quantile (0..1) of sorted values (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] as number
}
