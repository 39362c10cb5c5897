/**
 * The local driver's durable state: one JSON file, `<dataDir>/local-driver/state.json`, holding
 * what each school's instance should be (env, desired state, port, pid, instance id) and the local
 * DNS "record store". Writes are atomic (temp file + fsync + rename), so a crash leaves the old or
 * the new file, never half of one, and serialised inside the process. The file holds the schools'
 * cms keys (they are in the instances' env), so it is written with mode 0600.
 *
 * One provisioner process per data directory: the driver takes `<dataDir>/local-driver/lock`.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { DnsRecord } from '../types.ts'

/** What the instance should be doing. `sleeping` is `running` scaled to zero for idleness. */
export const DESIRED_STATES = ['running', 'sleeping', 'stopped'] as const
export type DesiredState = (typeof DESIRED_STATES)[number]

const instanceSchema = z.object({
  slug: z.string(),
  env: z.record(z.string(), z.string()),
  envHash: z.string(),
  desired: z.enum(DESIRED_STATES),
  /** Loopback port of the current (or last) launch. */
  port: z.number().int().nullable(),
  /** Pid of the current launch; `null` between the intent and the spawn being recorded. */
  pid: z.number().int().nullable(),
  /** Id of the current launch, also in the process's env (`LYCEUM_LOCAL_INSTANCE`). */
  instanceId: z.string().nullable(),
  startedAt: z.string().nullable(),
})
export type InstanceRecord = z.infer<typeof instanceSchema>

const dnsSchema = z.object({
  slug: z.string(),
  hostname: z.string(),
  target: z.string(),
  createdAt: z.string(),
})

const stateSchema = z.object({
  version: z.literal(1),
  instances: z.record(z.string(), instanceSchema),
  dns: z.record(z.string(), dnsSchema),
})
export type LocalState = z.infer<typeof stateSchema>

const empty = (): LocalState => ({ version: 1, instances: {}, dns: {} })

/** sha256 (hex) of an env, independent of key order. */
export function hashEnv(env: Record<string, string>): string {
  const sorted = Object.keys(env)
    .sort()
    .map((key) => [key, env[key]])
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex')
}

/** The state file, read once and then kept in memory; every change is written through. */
export class StateFile {
  readonly file: string
  private state: LocalState = empty()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dir: string) {
    this.file = path.join(dir, 'state.json')
  }

  /** Reads the file (an absent file is an empty state). @throws when it exists but is invalid. */
  async load(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    let raw: string
    try {
      raw = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    const parsed = stateSchema.safeParse(JSON.parse(raw))
    if (!parsed.success) {
      throw new Error(`${this.file} is not a valid local driver state: ${parsed.error.message}`)
    }
    this.state = parsed.data
  }

  /** A deep copy of the current state. */
  snapshot(): LocalState {
    return structuredClone(this.state)
  }

  instance(slug: string): InstanceRecord | undefined {
    const record = this.state.instances[slug]
    return record ? structuredClone(record) : undefined
  }

  dns(slug: string): DnsRecord | undefined {
    const record = this.state.dns[slug]
    return record ? { ...record } : undefined
  }

  /**
   * Applies `change` to a copy of the state and writes it; the in-memory state changes only once
   * the file is written. Changes are applied one at a time, in call order.
   */
  update(change: (state: LocalState) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const draft = structuredClone(this.state)
      change(draft)
      await this.write(draft)
      this.state = draft
    })
    this.queue = next.catch(() => {})
    return next
  }

  private async write(state: LocalState): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`
    const handle = await open(temp, 'w', 0o600)
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, this.file)
  }
}
