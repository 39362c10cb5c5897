import type { TenantStatus } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import type { DnsRecord, InstanceInfo, InstanceState } from '../drivers/types.ts'
import { desiredFor, driftOf, type Fix } from './reconcile.ts'

const instance = (state: InstanceState, orphan = false): InstanceInfo => ({
  slug: 's',
  state,
  envHash: 'h',
  ...(orphan ? { details: { orphan: 1 } } : {}),
})
const dns: DnsRecord = { slug: 's', hostname: 's.localhost', target: '127.0.0.1', createdAt: '' }

describe('reconcile: what each status wants, and the fixes for each actual state', () => {
  // status, actual instance(s), DNS record present, expected fixes
  const table: Array<[TenantStatus | null, InstanceInfo[], boolean, Fix[]]> = [
    ['active', [instance('running')], true, []],
    ['active', [instance('sleeping')], true, []],
    ['active', [instance('crashed')], true, ['start']],
    ['active', [instance('stopped')], true, ['start']],
    ['active', [], true, ['provision']],
    ['active', [instance('running')], false, ['ensure-dns']],
    ['active', [instance('running'), instance('running', true)], true, ['start']],
    ['active', [instance('running', true)], true, ['provision']],
    ['suspended', [instance('stopped')], true, []],
    ['suspended', [instance('running')], true, ['stop']],
    ['suspended', [instance('crashed')], false, ['stop']],
    ['suspended', [instance('sleeping')], true, ['stop']],
    ['suspended', [], false, []],
    ['deprovisioned', [], false, []],
    ['deprovisioned', [instance('stopped')], true, ['destroy', 'remove-dns']],
    ['deprovisioned', [], true, ['remove-dns']],
    [null, [instance('running', true)], false, ['destroy']],
    [null, [], true, ['remove-dns']],
    ['pending', [instance('running')], true, []],
    ['provisioning', [], false, []],
    ['failed', [instance('crashed')], false, []],
  ]
  it.each(table)('%s with %j, DNS %s → %j', (status, instances, hasDns, fixes) => {
    expect(driftOf(desiredFor(status), instances, hasDns ? dns : undefined)).toEqual(fixes)
  })
})
