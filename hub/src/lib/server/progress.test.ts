import { PROVISION_PLAN } from '@lyceum/provisioner/engine'
import { describe, expect, it } from 'vitest'
import { PROVISION_STEPS, progressView, schoolUrl } from './progress.ts'

const tenant = {
  id: 't1',
  name: 'Northwind',
  slug: 'northwind',
  status: 'pending' as const,
  statusReason: null,
}
const hubPublicUrl = 'http://localhost:8080'
const step = (name: string, status: 'running' | 'succeeded' | 'failed', message?: string) => ({
  step: name,
  status,
  attempt: 1,
  startedAt: '2026-11-21T10:00:00.000Z',
  message,
})

describe('schoolUrl', () => {
  it('puts the slug in front of the hub host, keeping scheme and port', () => {
    expect(schoolUrl('http://localhost:8080', 'northwind')).toBe('http://northwind.localhost:8080')
    expect(schoolUrl('https://lyceum.example', 'lumiere')).toBe('https://lumiere.lyceum.example')
    expect(schoolUrl('https://www.lyceum.example', 'lumiere')).toBe('https://lumiere.lyceum.example')
  })

  it('throws a TypeError for a hub origin that is not a URL', () => {
    expect(() => schoolUrl('localhost', 'x')).toThrow(TypeError)
  })
})

describe('progressView', () => {
  it('lists exactly the provisioner’s provision plan', () => {
    expect([...PROVISION_STEPS]).toEqual([...PROVISION_PLAN])
  })

  it('waits for payment while there is no live subscription', () => {
    for (const subscription of [null, { status: 'incomplete' as const }, { status: 'canceled' as const }]) {
      const view = progressView({ tenant, run: null, subscription, hubPublicUrl })
      expect(view.phase).toBe('awaiting-payment')
      expect(view.settled).toBe(false)
    }
  })

  it('is queued once paid and before the provisioner starts, with every step pending', () => {
    const view = progressView({ tenant, run: null, subscription: { status: 'trialing' }, hubPublicUrl })
    expect(view.phase).toBe('queued')
    expect(view.steps.map((s) => s.name)).toEqual([...PROVISION_PLAN])
    expect(view.steps.every((s) => s.status === 'pending')).toBe(true)
  })

  it('shows each step of the running provision in plan order', () => {
    const run = {
      status: 'running' as const,
      steps: [
        step('mark-provisioning', 'succeeded'),
        step('mint-credential', 'succeeded'),
        step('ensure-dns', 'running'),
      ],
      error: null,
    }
    const view = progressView({
      tenant: { ...tenant, status: 'provisioning' },
      run,
      subscription: { status: 'active' },
      hubPublicUrl,
    })
    expect(view.phase).toBe('provisioning')
    expect(view.steps.slice(0, 4)).toEqual([
      { name: 'mark-provisioning', status: 'succeeded' },
      { name: 'mint-credential', status: 'succeeded' },
      { name: 'ensure-dns', status: 'running' },
      { name: 'deploy', status: 'pending' },
    ])
    expect(view.settled).toBe(false)
  })

  it('keeps the latest status of a step that was retried', () => {
    const run = {
      status: 'running' as const,
      steps: [step('deploy', 'failed', 'port in use'), step('deploy', 'succeeded')],
      error: null,
    }
    const view = progressView({
      tenant: { ...tenant, status: 'provisioning' },
      run,
      subscription: null,
      hubPublicUrl,
    })
    expect(view.steps.find((s) => s.name === 'deploy')?.status).toBe('succeeded')
    expect(view.error).toBeNull()
  })

  it('is live, settled and points at the school once active', () => {
    const view = progressView({
      tenant: { ...tenant, status: 'active' },
      run: null,
      subscription: null,
      hubPublicUrl,
    })
    expect(view).toMatchObject({ phase: 'live', settled: true, schoolUrl: 'http://northwind.localhost:8080' })
  })

  it('fails with the run error, else the failed step message, else the school status reason', () => {
    const failed = { ...tenant, status: 'failed' as const, statusReason: 'gave up after 5 attempts' }
    const withError = {
      status: 'failed' as const,
      steps: [step('deploy', 'failed', 'port in use')],
      error: 'no port',
    }
    expect(progressView({ tenant: failed, run: withError, subscription: null, hubPublicUrl }).error).toBe(
      'no port',
    )
    const stepOnly = { ...withError, error: null }
    expect(progressView({ tenant: failed, run: stepOnly, subscription: null, hubPublicUrl }).error).toBe(
      'port in use',
    )
    expect(progressView({ tenant: failed, run: null, subscription: null, hubPublicUrl })).toMatchObject({
      phase: 'failed',
      error: 'gave up after 5 attempts',
      settled: true,
    })
  })

  it('reports a failed run on a provisioning school as failed', () => {
    const run = { status: 'failed' as const, steps: [], error: 'boom' }
    const view = progressView({
      tenant: { ...tenant, status: 'provisioning' },
      run,
      subscription: null,
      hubPublicUrl,
    })
    expect(view.phase).toBe('failed')
  })

  it('maps suspended and deprovisioned schools to settled phases without error', () => {
    const suspended = progressView({
      tenant: { ...tenant, status: 'suspended' },
      run: null,
      subscription: null,
      hubPublicUrl,
    })
    const closed = progressView({
      tenant: { ...tenant, status: 'deprovisioned' },
      run: null,
      subscription: null,
      hubPublicUrl,
    })
    expect([suspended.phase, closed.phase]).toEqual(['suspended', 'closed'])
    expect([suspended.settled, closed.settled, suspended.error]).toEqual([true, true, null])
  })
})
