import { CmsError } from '@lyceum/cms-client'
import { describe, expect, it, vi } from 'vitest'
import { checkHealth } from './health.ts'

describe('checkHealth', () => {
  it('is ok when the cms counts the plans', async () => {
    const count = vi.fn(async () => 3)
    expect(await checkHealth({ count })).toMatchObject({ status: 'ok', cms: 'ok' })
    expect(count).toHaveBeenCalledWith('plans')
  })

  it('reports an unreachable cms instead of throwing', async () => {
    const count = vi.fn(async () => {
      throw new CmsError({
        code: 'network',
        status: 0,
        message: 'The cms could not be reached.',
        request: 'GET /api/plans/count',
      })
    })
    expect(await checkHealth({ count })).toMatchObject({ status: 'unavailable', cms: 'unreachable' })
  })
})
