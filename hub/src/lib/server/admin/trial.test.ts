/**
 * "Extend trial" at Stripe and Paddle, with each SDK pointed at a local HTTP server standing in
 * for the provider's API (as billing/providers.test.ts does): the exact request each one gets.
 * The sandbox path runs end to end in tests/admin/console.int.test.ts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Paddle } from '@paddle/paddle-node-sdk'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { extendTrialAtProvider, extendTrialFormSchema, TrialNotExtendable } from './trial.ts'

type Seen = { method: string; path: string; headers: IncomingMessage['headers']; body: string }
let seen: Seen[] = []
let status = 200
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      seen.push({ method: req.method ?? '', path, headers: req.headers, body })
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' })
      res.end(
        JSON.stringify(
          status === 200
            ? path.startsWith('/v1/')
              ? { id: 'sub_1', object: 'subscription' }
              : {
                  data: {
                    id: 'sub_1',
                    status: 'trialing',
                    customer_id: 'ctm_1',
                    billing_cycle: { interval: 'month', frequency: 1 },
                    next_billed_at: END.toISOString(),
                    items: [],
                  },
                }
            : {
                error: { message: 'No such subscription', type: 'invalid_request_error', code: 'not_found' },
              },
        ),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  seen = []
  status = 200
})

const stripe = () => {
  const { port } = server.address() as AddressInfo
  return new Stripe('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })
}
const paddle = () => new Paddle('pdl_test_local', { environment: base as never })
const END = new Date('2026-12-24T10:00:00.000Z')

describe('extendTrialAtProvider', () => {
  it('Stripe: POST /v1/subscriptions/:id with trial_end (unix seconds) and no proration', async () => {
    await extendTrialAtProvider({ stripe: stripe(), paddle: null }, 'stripe', 'sub_1', END)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.method).toBe('POST')
    expect(seen[0]?.path).toBe('/v1/subscriptions/sub_1')
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({
      trial_end: String(END.getTime() / 1000),
      proration_behavior: 'none',
    })
  })

  it('Paddle: PATCH /subscriptions/:id moving next_billed_at, billing nothing', async () => {
    await extendTrialAtProvider({ stripe: null, paddle: paddle() }, 'paddle', 'sub_1', END)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.method).toBe('PATCH')
    expect(seen[0]?.path).toBe('/subscriptions/sub_1')
    expect(seen[0]?.headers.authorization).toMatch(/^bearer pdl_test_local$/i)
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      next_billed_at: END.toISOString(),
      proration_billing_mode: 'do_not_bill',
    })
  })

  it('a provider that refuses: its error reaches the caller', async () => {
    status = 404
    await expect(
      extendTrialAtProvider({ stripe: stripe(), paddle: null }, 'stripe', 'sub_1', END),
    ).rejects.toThrow('No such subscription')
  })

  it('a provider not configured on this hub: refused before any request', async () => {
    await expect(
      extendTrialAtProvider({ stripe: null, paddle: null }, 'paddle', 'sub_1', END),
    ).rejects.toThrow(TrialNotExtendable)
    expect(seen).toEqual([])
  })
})

describe('the form', () => {
  it.each([
    [{ days: '1', confirm: 'yes' }, null],
    [{ days: '30', confirm: 'yes' }, null],
    [{ days: '0', confirm: 'yes' }, 'At least 1 day.'],
    [{ days: '31', confirm: 'yes' }, 'At most 30 days.'],
    [{ days: '1.5', confirm: 'yes' }, 'Whole days only.'],
    [{ days: 'x', confirm: 'yes' }, 'Enter a number of days.'],
    [{ days: '3' }, 'Confirm the action first.'],
  ])('%j → %s', (form, message) => {
    const parsed = extendTrialFormSchema.safeParse(form)
    expect(parsed.success ? null : parsed.error.issues[0]?.message).toBe(message)
  })
})
