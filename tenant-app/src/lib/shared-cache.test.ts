import { beforeEach, describe, expect, it, vi } from 'vitest'

let slug = 'northwind'
vi.mock('../env.ts', () => ({ getEnv: () => ({ LYCEUM_TENANT_SLUG: slug }) }))

const { forgetShared, MAX_ENTRIES, shared } = await import('./shared-cache.ts')

let now = 1_000_000
const clock = { now: () => now }

beforeEach(() => {
  slug = 'northwind'
  forgetShared()
  slug = 'lumiere'
  forgetShared()
  slug = 'northwind'
  now = 1_000_000
})

describe('shared', () => {
  it('keeps a value for its ttl, then loads it again', async () => {
    const load = vi.fn(async () => ({ title: `read at ${now}` }))
    const first = await shared('course:a', 10_000, load, clock)
    now += 9_999
    expect(await shared('course:a', 10_000, load, clock)).toBe(first)
    now += 1
    expect(await shared('course:a', 10_000, load, clock)).toEqual({ title: 'read at 1010000' })
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('shares one load between concurrent callers', async () => {
    let release: (value: string) => void = () => {}
    const load = vi.fn(() => new Promise<string>((resolve) => (release = resolve)))
    const waiting = Array.from({ length: 100 }, () => shared('catalog', 5_000, load, clock))
    release('the catalog')
    expect(await Promise.all(waiting)).toEqual(Array(100).fill('the catalog'))
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('never keeps a failure, nor what `keep` refuses', async () => {
    const failing = vi.fn(async () => {
      throw new Error('cms down')
    })
    await expect(shared('school', 5_000, failing, clock)).rejects.toThrow('cms down')
    await expect(shared('school', 5_000, failing, clock)).rejects.toThrow('cms down')
    expect(failing).toHaveBeenCalledTimes(2)

    const missing = vi.fn(async () => null)
    const keep = (value: null | string) => value !== null
    expect(await shared<null | string>('course:gone', 5_000, missing, { ...clock, keep })).toBeNull()
    expect(await shared<null | string>('course:gone', 5_000, missing, { ...clock, keep })).toBeNull()
    expect(missing).toHaveBeenCalledTimes(2)
  })

  it('scopes keys by school: another school never reads this one’s entry', async () => {
    await shared('school', 5_000, async () => 'Northwind Academy', clock)
    slug = 'lumiere'
    expect(await shared('school', 5_000, async () => 'École Lumière', clock)).toBe('École Lumière')
    slug = 'northwind'
    expect(await shared('school', 5_000, async () => 'not read', clock)).toBe('Northwind Academy')
  })

  it(`holds at most ${MAX_ENTRIES} entries, dropping the oldest first`, async () => {
    for (let i = 0; i <= MAX_ENTRIES; i++) await shared(`catalog:q${i}`, 60_000, async () => i, clock)
    const reload = vi.fn(async () => -1)
    expect(await shared(`catalog:q${MAX_ENTRIES}`, 60_000, reload, clock)).toBe(MAX_ENTRIES)
    expect(await shared('catalog:q1', 60_000, reload, clock)).toBe(1)
    expect(await shared('catalog:q0', 60_000, reload, clock)).toBe(-1) // dropped
    expect(reload).toHaveBeenCalledTimes(1)
  })
})

describe('shared, with stale', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  const stale = { ms: 30_000, ifError: (error: unknown) => (error as Error).message === 'timeout' }

  it('serves the expired value at once while one refresh runs, then the new one', async () => {
    let version = 1
    const load = vi.fn(async () => `v${version}`)
    expect(await shared('course:a', 5_000, load, { ...clock, stale })).toBe('v1')
    version = 2
    now += 5_000
    const readers = [1, 2].map(() => shared('course:a', 5_000, load, { ...clock, stale }))
    expect(await Promise.all(readers)).toEqual(['v1', 'v1'])
    expect(load).toHaveBeenCalledTimes(2) // one refresh for both readers
    await settle()
    expect(await shared('course:a', 5_000, load, { ...clock, stale })).toBe('v2')
  })

  it('keeps the stale value while refreshes fail as `ifError` allows, up to its window', async () => {
    const load = vi.fn(async () => 'v1')
    await shared('school', 5_000, load, { ...clock, stale })
    load.mockRejectedValue(new Error('timeout'))
    now += 5_000
    expect(await shared('school', 5_000, load, { ...clock, stale })).toBe('v1')
    await settle()
    now += 29_999
    expect(await shared('school', 5_000, load, { ...clock, stale })).toBe('v1')
    await settle()
    now += 1
    await expect(shared('school', 5_000, load, { ...clock, stale })).rejects.toThrow('timeout')
  })

  it('drops the stale value when a refresh fails otherwise, or finds nothing', async () => {
    const load = vi.fn<() => Promise<string | null>>(async () => 'v1')
    const keep = (value: string | null) => value !== null
    await shared('school', 5_000, load, { ...clock, stale, keep })
    load.mockRejectedValueOnce(new Error('refused'))
    now += 5_000
    expect(await shared('school', 5_000, load, { ...clock, stale, keep })).toBe('v1')
    await settle()
    load.mockResolvedValue('v2')
    expect(await shared('school', 5_000, load, { ...clock, stale, keep })).toBe('v2') // read anew

    load.mockResolvedValue(null) // unpublished
    now += 5_000
    expect(await shared('school', 5_000, load, { ...clock, stale, keep })).toBe('v2')
    await settle()
    expect(await shared('school', 5_000, load, { ...clock, stale, keep })).toBeNull()
  })

  it('shares a load that outlives its ttl instead of starting another', async () => {
    let release: (value: string) => void = () => {}
    const load = vi.fn(() => new Promise<string>((resolve) => (release = resolve)))
    const first = shared('catalog', 5_000, load, clock)
    now += 6_000
    const second = shared('catalog', 5_000, load, clock)
    release('slow catalog')
    expect(await Promise.all([first, second])).toEqual(['slow catalog', 'slow catalog'])
    expect(load).toHaveBeenCalledTimes(1)
  })
})

describe('forgetShared', () => {
  it('forgets this school’s entries by key prefix, or all of them', async () => {
    const load = vi.fn(async () => 'value')
    await shared('course:a', 60_000, load, clock)
    await shared('lesson:a:b', 60_000, load, clock)
    forgetShared('course:')
    await shared('course:a', 60_000, load, clock)
    await shared('lesson:a:b', 60_000, load, clock)
    expect(load).toHaveBeenCalledTimes(3)
    forgetShared()
    await shared('lesson:a:b', 60_000, load, clock)
    expect(load).toHaveBeenCalledTimes(4)
  })

  it('forgets a load still running: its readers get it, it is not kept', async () => {
    let release: (value: string) => void = () => {}
    const slow = vi.fn(() => new Promise<string>((resolve) => (release = resolve)))
    const reading = shared('course:a', 60_000, slow, clock)
    forgetShared()
    release('before the edit')
    expect(await reading).toBe('before the edit')
    expect(await shared('course:a', 60_000, async () => 'after the edit', clock)).toBe('after the edit')
  })

  it('forgets an expired entry that would still be served while refreshing', async () => {
    const stale = { ms: 30_000 }
    await shared('school', 5_000, async () => 'old', { ...clock, stale })
    now += 6_000
    forgetShared()
    expect(await shared('school', 5_000, async () => 'new', { ...clock, stale })).toBe('new')
  })

  it('leaves another school’s entries alone', async () => {
    slug = 'lumiere'
    await shared('school', 60_000, async () => 'École Lumière', clock)
    slug = 'northwind'
    forgetShared()
    slug = 'lumiere'
    expect(await shared('school', 60_000, async () => 'not read', clock)).toBe('École Lumière')
  })
})
