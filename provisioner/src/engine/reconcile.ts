/**
 * The reconcile loop: compares what should exist (the schools' statuses in the cms, the source of
 * truth) with what does (the driver's `list()`), and repairs the drift.
 *
 * What each status wants ({@link desiredFor}):
 *
 * | status                          | instance                 | DNS record |
 * | ------------------------------- | ------------------------ | ---------- |
 * | active                          | running (or asleep)      | present    |
 * | suspended                       | stopped                  | kept: the edge shows the suspended page, and resume needs no DNS change |
 * | deprovisioned, or no such school | absent                  | absent     |
 * | pending, provisioning, failed   | left alone (a run or an operator owns it) | left alone |
 *
 * Repairs of a known school go through its queue (a `lyceum_repair` job in `tenant:<id>`), so they
 * never race a lifecycle run of the same school: the repair re-reads everything when it runs, and
 * does nothing while a lifecycle request is queued. Resources of slugs no school has are removed
 * by the loop directly.
 */
import type { TenantStatus } from '@lyceum/domain'
import type { DnsRecord, InstanceInfo } from '../drivers/types.ts'

/** What a school's status wants of its instance and DNS record (`any`: leave alone). */
export type Desired = {
  instance: 'running' | 'stopped' | 'absent' | 'any'
  dns: 'present' | 'absent' | 'any'
}

/** See the table in the module comment. `null`: no school has this slug. */
export function desiredFor(status: TenantStatus | null): Desired {
  switch (status) {
    case 'active':
      return { instance: 'running', dns: 'present' }
    case 'suspended':
      return { instance: 'stopped', dns: 'any' }
    case 'deprovisioned':
    case null:
      return { instance: 'absent', dns: 'absent' }
    case 'pending':
    case 'provisioning':
    case 'failed':
      return { instance: 'any', dns: 'any' }
  }
}

/**
 * A repair:
 * - `provision`: an active school without any deployment (requested as a lifecycle run);
 * - `start`: its deployment does not run (crashed, stopped) or has stray duplicates;
 * - `stop`: a suspended school's instance runs;
 * - `destroy` / `remove-dns`: resources of a deprovisioned or unknown school;
 * - `ensure-dns`: an active school without its record.
 */
export type Fix = 'provision' | 'start' | 'stop' | 'destroy' | 'ensure-dns' | 'remove-dns'

/**
 * The fixes that bring one slug's actual resources to `desired`. Pure.
 * @param instances the driver's entries for the slug (several when stray processes exist).
 */
export function driftOf(desired: Desired, instances: InstanceInfo[], dns: DnsRecord | undefined): Fix[] {
  const fixes: Fix[] = []
  const recorded = instances.find((i) => !i.details?.orphan)
  const strays = instances.some((i) => i.details?.orphan)
  switch (desired.instance) {
    case 'running':
      if (!recorded) fixes.push('provision')
      else if (recorded.state === 'crashed' || recorded.state === 'stopped' || strays) fixes.push('start')
      break
    case 'stopped':
      if (instances.some((i) => i.state === 'running' || i.state === 'crashed' || i.state === 'sleeping')) {
        fixes.push('stop')
      }
      break
    case 'absent':
      if (instances.length > 0) fixes.push('destroy')
      break
    case 'any':
      break
  }
  if (desired.dns === 'present' && !dns) fixes.push('ensure-dns')
  if (desired.dns === 'absent' && dns) fixes.push('remove-dns')
  return fixes
}

/** What one pass of the loop found and did. */
export type ReconcileReport = {
  /** Slugs looked at. */
  checked: number
  /** Repairs queued, as `<slug>: <fix>, <fix>`. */
  queued: string[]
  /** Repairs done directly (slugs no school has), as `<slug>: <fix>…`. */
  removed: string[]
  /** Slugs skipped because a lifecycle request of theirs is queued or running. */
  busy: string[]
}
