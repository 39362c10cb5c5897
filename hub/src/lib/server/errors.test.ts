import { describe, expect, it, vi } from 'vitest'
import { handleServerError, UNEXPECTED_ERROR_MESSAGE } from './errors.ts'

const event = {
  request: new Request('http://localhost/pricing?token=secret-token', { method: 'POST' }),
  url: new URL('http://localhost/pricing?token=secret-token'),
  route: { id: '/(marketing)/pricing' },
}

describe('handleServerError', () => {
  it('logs an unexpected error with its context and a reference, and shows only the reference', () => {
    const log = vi.fn()
    const error = new Error('connection string postgres://user:password@db/lyceum is wrong')
    const shown = handleServerError({ kind: 'unknown', error, event } as never, log)

    expect(shown).toEqual({ message: UNEXPECTED_ERROR_MESSAGE, id: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(JSON.stringify(shown)).not.toContain('password')
    expect(JSON.stringify(shown)).not.toContain('at ')
    expect(log).toHaveBeenCalledOnce()
    const [line, logged] = log.mock.calls[0] ?? []
    expect(line).toBe(`[hub] unexpected error ${shown?.id}: POST /pricing (route /(marketing)/pricing)`)
    expect(line).not.toContain('secret-token')
    expect(logged).toBe(error)
  })

  it('gives every unexpected error a reference of its own', () => {
    const log = vi.fn()
    const a = handleServerError({ kind: 'unknown', error: new Error('a'), event } as never, log)
    const b = handleServerError({ kind: 'unknown', error: new Error('b'), event } as never, log)
    expect(a?.id).not.toBe(b?.id)
  })

  it('leaves errors thrown on purpose and framework errors (404…) as they are, unlogged', () => {
    const log = vi.fn()
    expect(
      handleServerError(
        {
          kind: 'app',
          error: { status: 503, message: 'The plans are temporarily unavailable.' },
          event,
        } as never,
        log,
      ),
    ).toBeUndefined()
    expect(
      handleServerError(
        { kind: 'framework', error: { status: 404, message: 'Not Found' }, event } as never,
        log,
      ),
    ).toBeUndefined()
    expect(log).not.toHaveBeenCalled()
  })
})
