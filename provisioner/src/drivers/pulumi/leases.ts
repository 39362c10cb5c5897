/**
 * Stack leases: who in Lyceum is operating on a school's stack, so that a lock left by a crash
 * can be told from a live update.
 *
 * A Pulumi update that is killed (`kill -9`, a lost host) leaves its stack locked: Pulumi Cloud
 * keeps the update "in progress", a self-managed backend keeps its lock file. Every later
 * operation then fails with `ConcurrentUpdateError` until someone runs `pulumi cancel`. Cancelling
 * a live update would corrupt the stack, so the driver cancels only when the lease says the
 * previous holder is dead (see {@link PreviousHolder}); a lock with no lease (an operator's
 * manual `pulumi up`) is waited for, never cancelled.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { isProcessAlive } from '@lyceum/postgres'
import type pg from 'pg'

/** The holder recorded before this claim, and whether it is still alive. */
export type PreviousHolder = { holder: string; alive: boolean }

/** The outcome of {@link StackLeases.claim}. */
export type Claim = { acquired: boolean; previous: PreviousHolder | null }

/** Leases on stacks, one holder at a time per stack. */
export interface StackLeases {
  /**
   * Records this process as operating on `stack` (heartbeating until {@link release}), unless a
   * live holder has it: then nothing changes and `acquired` is false.
   * @returns `previous`: the holder recorded before, if any (it did not release: it crashed, or
   *   still runs).
   */
  claim(stack: string): Promise<Claim>
  /** Ends this process's lease on `stack` (no-op when another holder took it). */
  release(stack: string): Promise<void>
  /** Stops the heartbeats. */
  close(): Promise<void>
}

/** Options of {@link createPgStackLeases}. Durations in milliseconds. */
export type PgLeaseOptions = {
  pool: pg.Pool
  /** Heartbeat period while an operation runs (default 1000). */
  heartbeatMs?: number
  /** A lease not renewed for this long belongs to a dead holder (default 5000). */
  staleAfterMs?: number
}

type LeaseRow = { holder: string; host: string; pid: number; age_ms: number }

/**
 * Leases in `provisioner.pulumi_leases` (created if missing), on the cms database like the
 * engine's own leases. A holder is dead when its heartbeat is older than `staleAfterMs`, or at
 * once when it ran on this host and its pid is gone (a restart after `kill -9`).
 */
export async function createPgStackLeases(options: PgLeaseOptions): Promise<StackLeases> {
  const { pool } = options
  const heartbeatMs = options.heartbeatMs ?? 1_000
  const staleAfterMs = options.staleAfterMs ?? 5_000
  const host = hostname()
  const me = `${host}:${process.pid}:${randomBytes(4).toString('hex')}`
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS provisioner;
    CREATE TABLE IF NOT EXISTS provisioner.pulumi_leases (
      stack text PRIMARY KEY,
      holder text NOT NULL,
      host text NOT NULL,
      pid integer NOT NULL,
      heartbeat_at timestamptz NOT NULL DEFAULT now()
    );`)
  const held = new Set<string>()
  const timer = setInterval(() => {
    if (held.size === 0) return
    pool
      .query(
        'UPDATE provisioner.pulumi_leases SET heartbeat_at = now() WHERE holder = $1 AND stack = ANY($2)',
        [me, [...held]],
      )
      .catch(() => {
        // A missed beat only makes the lease look older; the next one renews it.
      })
  }, heartbeatMs)
  timer.unref()

  const alive = (row: LeaseRow): boolean => {
    if (row.holder === me) return true
    if (row.host === host && !isProcessAlive(row.pid)) return false
    return row.age_ms < staleAfterMs
  }

  return {
    async claim(stack) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const { rows } = await client.query<LeaseRow>(
          `SELECT holder, host, pid, (extract(epoch FROM now() - heartbeat_at) * 1000)::float8 AS age_ms
             FROM provisioner.pulumi_leases WHERE stack = $1 FOR UPDATE`,
          [stack],
        )
        const row = rows[0]
        const previous = row && row.holder !== me ? { holder: row.holder, alive: alive(row) } : null
        if (previous?.alive) {
          await client.query('ROLLBACK')
          return { acquired: false, previous }
        }
        await client.query(
          `INSERT INTO provisioner.pulumi_leases (stack, holder, host, pid, heartbeat_at)
           VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (stack) DO UPDATE SET holder = $2, host = $3, pid = $4, heartbeat_at = now()`,
          [stack, me, host, process.pid],
        )
        await client.query('COMMIT')
        held.add(stack)
        return { acquired: true, previous }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    async release(stack) {
      held.delete(stack)
      await pool.query('DELETE FROM provisioner.pulumi_leases WHERE stack = $1 AND holder = $2', [stack, me])
    },
    async close() {
      clearInterval(timer)
    },
  }
}
