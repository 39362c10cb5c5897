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

  it('leaves another school’s entries alone', async () => {
    slug = 'lumiere'
    await shared('school', 60_000, async () => 'École Lumière', clock)
    slug = 'northwind'
    forgetShared()
    slug = 'lumiere'
    expect(await shared('school', 60_000, async () => 'not read', clock)).toBe('École Lumière')
  })
})
