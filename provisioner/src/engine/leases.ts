/**
 * Leases with heartbeats, on top of graphile-worker's job locks.
 *
 * graphile-worker locks a job (and its queue) with the id of the worker pool that took it, and on
 * its own releases a lock only after 4 hours. A provisioner killed with `kill -9` would leave its
 * schools' queues blocked that long. So every pool heartbeats a row in `provisioner.workers`
 * (every `heartbeatMs`), and every provisioner, at start and at each beat, releases the locks of
 * pools that stopped beating:
 *
 * - a pool whose heartbeat is older than `staleAfterMs` (default 5 s): crashed, frozen, or
 *   partitioned away;
 * - a pool on this host whose process is gone (pid not alive): released at once, so a restart
 *   after a crash resumes its runs without waiting for the staleness delay;
 * - a lock held by a pool with no row at all, once the lock is older than `staleAfterMs` (a pool
 *   that died between taking a job and its first beat).
 *
 * Releasing is graphile-worker's `forceUnlockWorkers`: the job becomes available again with its
 * attempt count, and the engine resumes its run at the first step not yet done.
 *
 * Fencing: a pool that was only paused (not dead) may wake up after its jobs were released and
 * taken by another pool. Before every step the engine checks that the job is still locked by its
 * own pool ({@link LeaseKeeper.stillOwns}) and abandons the run otherwise (LeaseLostError), so two
 * workers never keep executing the same run. Steps are idempotent, which covers the window between
 * two checks.
 */
import { hostname } from 'node:os'
import { isProcessAlive } from '@lyceum/postgres'
import type { WorkerUtils } from 'graphile-worker'
import type pg from 'pg'
import type { Log } from './log.ts'

export type LeaseOptions = {
  pool: pg.Pool
  utils: Pick<WorkerUtils, 'forceUnlockWorkers'>
  /** Heartbeat period in milliseconds (default 1000). */
  heartbeatMs?: number
  /** A heartbeat older than this (milliseconds) makes a pool dead (default 5000). */
  staleAfterMs?: number
  log: Log
}

/** Keeps this process's pools alive in `provisioner.workers` and reaps dead pools' locks. */
export type LeaseKeeper = {
  /** Registers a pool of this process (call as soon as graphile-worker creates it). */
  register(poolId: string): Promise<void>
  /** Starts heartbeating and reaping; also reaps once now. */
  start(): Promise<void>
  /** Releases the locks of dead pools now. @returns the pool ids released. */
  reap(): Promise<string[]>
  /** Whether job `jobId` is still locked by `poolId` (false also when the job is gone). */
  stillOwns(jobId: string, poolId: string): Promise<boolean>
  /** Stops heartbeating and deletes this process's rows (call after the pools stopped). */
  stop(): Promise<void>
}

export function createLeaseKeeper(options: LeaseOptions): LeaseKeeper {
  const { pool, utils, log } = options
  const heartbeatMs = options.heartbeatMs ?? 1_000
  const staleAfterMs = options.staleAfterMs ?? 5_000
  const host = hostname()
  const mine = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let beating: Promise<void> | undefined

  const beat = async () => {
    if (mine.size > 0) {
      const { rows } = await pool.query<{ pool_id: string }>(
        'update provisioner.workers set heartbeat_at = now() where pool_id = any($1) returning pool_id',
        [[...mine]],
      )
      const alive = new Set(rows.map((r) => r.pool_id))
      for (const id of mine) {
        if (alive.has(id)) continue
        // Another provisioner took us for dead (we were frozen past staleAfterMs) and released our
        // jobs. Register again for the jobs to come; the runs in flight notice at their next
        // step (stillOwns) and abandon.
        log(
          'warn',
          `worker pool ${id} lost its lease (another provisioner released its jobs); re-registering`,
        )
        await register(id)
      }
    }
    await reap()
  }

  const reap = async (): Promise<string[]> => {
    const { rows: pools } = await pool.query<{
      pool_id: string
      hostname: string
      pid: number
      stale: boolean
    }>(
      `select pool_id, hostname, pid, heartbeat_at < now() - make_interval(secs => $1) as stale
       from provisioner.workers where pool_id <> all($2)`,
      [staleAfterMs / 1000, [...mine]],
    )
    const dead = new Set<string>()
    for (const p of pools) {
      if (p.stale) dead.add(p.pool_id)
      else if (p.hostname === host && p.pid !== process.pid && !isProcessAlive(p.pid)) dead.add(p.pool_id)
    }
    const { rows: orphans } = await pool.query<{ locked_by: string }>(
      `select distinct locked_by from graphile_worker.jobs
       where locked_by is not null and locked_at < now() - make_interval(secs => $1)
         and locked_by <> all($2)
         and not exists (select 1 from provisioner.workers w where w.pool_id = jobs.locked_by)`,
      [staleAfterMs / 1000, [...mine]],
    )
    for (const o of orphans) dead.add(o.locked_by)
    if (dead.size === 0) return []
    const ids = [...dead]
    await utils.forceUnlockWorkers(ids)
    await pool.query('delete from provisioner.workers where pool_id = any($1)', [ids])
    log('warn', `released the jobs of dead worker pool(s) ${ids.join(', ')}`)
    return ids
  }

  const register = async (poolId: string) => {
    mine.add(poolId)
    await pool.query(
      `insert into provisioner.workers (pool_id, hostname, pid) values ($1, $2, $3)
       on conflict (pool_id) do update set heartbeat_at = now()`,
      [poolId, host, process.pid],
    )
  }

  return {
    register,
    async start() {
      await reap()
      timer = setInterval(() => {
        if (beating) return
        beating = beat()
          .catch((error: unknown) => log('warn', `heartbeat failed: ${(error as Error).message}`))
          .finally(() => {
            beating = undefined
          })
      }, heartbeatMs)
      timer.unref()
    },
    reap,
    async stillOwns(jobId, poolId) {
      const { rows } = await pool.query<{ locked_by: string | null }>(
        'select locked_by from graphile_worker.jobs where id = $1',
        [jobId],
      )
      return rows[0]?.locked_by === poolId
    },
    async stop() {
      if (timer) clearInterval(timer)
      await beating
      if (mine.size > 0) {
        await pool.query('delete from provisioner.workers where pool_id = any($1)', [[...mine]])
      }
    },
  }
}
