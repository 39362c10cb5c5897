import type { CmsClient } from '@lyceum/cms-client'
import { describe, expect, it, vi } from 'vitest'
import { listActivePlans } from './plans.ts'

const plan = (overrides: Record<string, unknown> = {}) => ({
  id: 'p1',
  code: 'starter',
  name: 'Starter',
  active: true,
  sortOrder: 1,
  priceMinor: 2900,
  currency: 'EUR',
  interval: 'month',
  trialDays: 14,
  limits: { seats: 50, storageBytes: 2_000_000_000, courses: 5 },
  providerPrices: { stripe: 'price_123', paddle: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
})

function fakeCms(docs: unknown[], hasNextPage = false) {
  const find = vi.fn(async () => ({ docs, hasNextPage }))
  return { cms: { find } as unknown as Pick<CmsClient, 'find'>, find }
}

describe('listActivePlans', () => {
  it('asks the cms for active plans in their order', async () => {
    const { cms, find } = fakeCms([plan()])
    await listActivePlans(cms)
    expect(find).toHaveBeenCalledWith('plans', {
      where: { active: { equals: true } },
      sort: ['sortOrder', 'name'],
      limit: 50,
    })
  })

  it('keeps only what the page shows', async () => {
    const { cms } = fakeCms([plan()])
    expect(await listActivePlans(cms)).toEqual([
      {
        code: 'starter',
        name: 'Starter',
        priceMinor: 2900,
        currency: 'EUR',
        interval: 'month',
        trialDays: 14,
        limits: { seats: 50, storageBytes: 2_000_000_000, courses: 5 },
      },
    ])
  })

  it('leaves out, and logs, a plan the page could not show', async () => {
    const log = vi.fn()
    const { cms } = fakeCms([
      plan({ id: 'bad-currency', code: 'a', currency: 'EURO' }),
      plan({ id: 'bad-interval', code: 'b', interval: 'week' }),
      plan({ id: 'good', code: 'c' }),
    ])
    const plans = await listActivePlans(cms, log)
    expect(plans.map((p) => p.code)).toEqual(['c'])
    expect(log).toHaveBeenCalledTimes(2)
    expect(log.mock.calls[0]?.[0]).toContain('plan bad-currency left off the pricing page')
  })

  it('says so when there are more plans than a page', async () => {
    const log = vi.fn()
    const { cms } = fakeCms([plan()], true)
    await listActivePlans(cms, log)
    expect(log).toHaveBeenCalledWith(expect.stringContaining('more than 50 active plans'))
  })

  it('lets cms errors through (the page answers 503)', async () => {
    const failure = new Error('down')
    const cms = { find: vi.fn(async () => Promise.reject(failure)) } as unknown as Pick<CmsClient, 'find'>
    await expect(listActivePlans(cms)).rejects.toBe(failure)
  })
})
