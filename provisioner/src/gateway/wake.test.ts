import { describe, expect, it, vi } from 'vitest'
import { createWakeCoordinator, WakeTimeoutError } from './wake.ts'

const target = { host: '127.0.0.1', port: 4321 }
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms))

describe('createWakeCoordinator', () => {
  it('shares one wake between concurrent callers, per slug', async () => {
    const wake = vi.fn((_slug: string) => later(30, target))
    const wakes = createWakeCoordinator(wake, 1000)
    const results = await Promise.all([wakes.wakeUp('acme'), wakes.wakeUp('acme'), wakes.wakeUp('other')])
    expect(results).toEqual([target, target, target])
    expect(wake).toHaveBeenCalledTimes(2)
    expect(wake.mock.calls.map(([slug]) => slug).sort()).toEqual(['acme', 'other'])
    expect(wakes.inFlight()).toEqual([])
  })

  it('starts a new wake once the previous one settled', async () => {
    const wake = vi.fn(() => later(5, target))
    const wakes = createWakeCoordinator(wake, 1000)
    await wakes.wakeUp('acme')
    await wakes.wakeUp('acme')
    expect(wake).toHaveBeenCalledTimes(2)
  })

  it('times each caller out, without starting a second wake meanwhile', async () => {
    const wake = vi.fn(() => later(150, target))
    const wakes = createWakeCoordinator(wake, 100)
    await expect(wakes.wakeUp('acme')).rejects.toBeInstanceOf(WakeTimeoutError)
    expect(wakes.inFlight()).toEqual(['acme'])
    await expect(wakes.wakeUp('acme')).resolves.toEqual(target) // joins the wake in flight
    expect(wake).toHaveBeenCalledTimes(1)
  })

  it('passes a wake error (sync or async) and a malformed target to every waiter', async () => {
    const failing = createWakeCoordinator(async () => {
      throw new Error('no capacity')
    }, 1000)
    await expect(Promise.all([failing.wakeUp('a1'), failing.wakeUp('a1')])).rejects.toThrow('no capacity')
    const throwing = createWakeCoordinator(() => {
      throw new Error('sync')
    }, 1000)
    await expect(throwing.wakeUp('a1')).rejects.toThrow('sync')
    const malformed = createWakeCoordinator(async () => ({ host: '127.0.0.1', port: -1 }), 1000)
    await expect(malformed.wakeUp('a1')).rejects.toThrow()
  })
})
