import { CmsError } from '@lyceum/cms-client'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const readTenant = vi.fn()

vi.mock('../env.ts', () => ({ getEnv: () => ({ LYCEUM_TENANT_SLUG: 'northwind' }) }))
vi.mock('./cms.ts', async () => {
  class TenantAccessError extends Error {
    reason = 'credential'
  }
  return {
    readTenant,
    TenantAccessError,
    isCmsOutage: (error: unknown) => error instanceof TenantAccessError || error instanceof CmsError,
  }
})

const { checkHealth, schoolIfServing } = await import('./health.ts')
const { forgetShared, shared } = await import('./shared-cache.ts')
const { TenantAccessError } = (await import('./cms.ts')) as unknown as {
  TenantAccessError: new (message: string) => Error
}

const school = { id: 't1', slug: 'northwind', name: 'Northwind Academy' }
/** Lets background refreshes finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const offline = () => new CmsError({ code: 'network', status: 0 })

beforeEach(() => {
  forgetShared()
  readTenant.mockReset()
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})

describe('checkHealth', () => {
  it('is ok when the key reads its school', async () => {
    readTenant.mockResolvedValue(school)
    expect(await checkHealth()).toEqual({
      httpStatus: 200,
      body: { status: 'ok', cms: 'ok', credential: 'ok', tenant: 'northwind' },
    })
  })

  it('reports a refused or foreign key as an invalid credential', async () => {
    readTenant.mockRejectedValue(new TenantAccessError('refused'))
    expect(await checkHealth()).toEqual({
      httpStatus: 503,
      body: { status: 'error', cms: 'ok', credential: 'invalid', tenant: 'northwind' },
    })
  })

  it('reports a cms that does not answer as unreachable', async () => {
    readTenant.mockRejectedValue(offline())
    expect(await checkHealth()).toEqual({
      httpStatus: 503,
      body: { status: 'error', cms: 'unreachable', credential: 'unknown', tenant: 'northwind' },
    })
  })
})

describe('schoolIfServing', () => {
  it('trusts a success for 5 s, then refreshes it in the background; never caches a failure', async () => {
    let now = 1_000_000
    const clock = () => now
    readTenant.mockRejectedValueOnce(offline())
    expect(await schoolIfServing(clock)).toBeNull()
    readTenant.mockResolvedValue(school)
    expect(await schoolIfServing(clock)).toBe(school) // the failure was not remembered
    now += 4_999
    expect(await schoolIfServing(clock)).toBe(school)
    expect(readTenant).toHaveBeenCalledTimes(2)
    now += 1
    readTenant.mockRejectedValue(new TenantAccessError('revoked'))
    expect(await schoolIfServing(clock)).toBe(school) // served while the refresh runs
    await settle()
    expect(await schoolIfServing(clock)).toBeNull() // the refused key dropped it
    expect(await schoolIfServing(clock)).toBeNull()
    expect(readTenant).toHaveBeenCalledTimes(5)
  })

  it('serves the last school for 30 s while its refreshes time out (an overloaded cms)', async () => {
    let now = 1_000_000
    const clock = () => now
    readTenant.mockResolvedValue(school)
    expect(await schoolIfServing(clock)).toBe(school)
    readTenant.mockRejectedValue(new CmsError({ code: 'timeout', status: 0 }))
    now += 5_000
    expect(await schoolIfServing(clock)).toBe(school)
    await settle()
    now += 29_999
    expect(await schoolIfServing(clock)).toBe(school)
    await settle()
    expect(readTenant).toHaveBeenCalledTimes(3)
    now += 1
    expect(await schoolIfServing(clock)).toBeNull()
  })

  it('forgets the cached published content when the cms stops serving', async () => {
    const load = vi.fn(async () => 'catalog')
    await shared('catalog:1', 60_000, load)
    readTenant.mockRejectedValue(offline())
    expect(await schoolIfServing()).toBeNull()
    await shared('catalog:1', 60_000, load)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('lets programming errors through', async () => {
    readTenant.mockRejectedValue(new TypeError('bug'))
    await expect(schoolIfServing(() => 0)).rejects.toThrow('bug')
  })
})
