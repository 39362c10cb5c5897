import { describe, expect, it } from 'vitest'
import { parseHubEnv } from '../env-schema.ts'
import { billingConfigFromEnv } from './config.ts'
import { availableProviders, parseCheckoutForm } from './pages.ts'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

describe('billingConfigFromEnv', () => {
  it('runs the sandbox, with a random secret, when no provider is configured', () => {
    const a = billingConfigFromEnv(parseHubEnv({}))
    const b = billingConfigFromEnv(parseHubEnv({}))
    expect(a.stripe).toBeNull()
    expect(a.paddle).toBeNull()
    expect(a.sandbox?.webhookSecret).toMatch(/^whsec_sandbox_[0-9a-f]{48}$/)
    expect(a.sandbox?.webhookSecret).not.toBe(b.sandbox?.webhookSecret)
    expect(a.policy).toEqual({ gracePeriodDays: 7, retentionDays: 30 })
    expect(availableProviders(a)).toEqual(['sandbox'])
    const fixed = billingConfigFromEnv(parseHubEnv({ LYCEUM_SANDBOX_WEBHOOK_SECRET: 'whsec_fixed' }))
    expect(fixed.sandbox?.webhookSecret).toBe('whsec_fixed')
  })

  it('offers Stripe and Paddle together, without the sandbox, and reads the policy', () => {
    const config = billingConfigFromEnv(
      parseHubEnv({
        STRIPE_SECRET_KEY: 'sk_test_1',
        STRIPE_WEBHOOK_SECRET: 'whsec_1',
        PADDLE_API_KEY: 'pdl_1',
        PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_1',
        PADDLE_ENVIRONMENT: 'production',
        LYCEUM_BILLING_GRACE_DAYS: '3',
        LYCEUM_BILLING_RETENTION_DAYS: '60',
      }),
    )
    expect(config.sandbox).toBeNull()
    expect(config.stripe).toEqual({ secretKey: 'sk_test_1', webhookSecret: 'whsec_1' })
    expect(config.paddle).toEqual({
      apiKey: 'pdl_1',
      webhookSecret: 'pdl_ntfset_1',
      environment: 'production',
    })
    expect(config.policy).toEqual({ gracePeriodDays: 3, retentionDays: 60 })
    expect(availableProviders(config)).toEqual(['stripe', 'paddle'])
  })

  it('offers the sandbox beside a provider only when asked, and never when it is off', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }
    const both = billingConfigFromEnv(parseHubEnv({ ...stripe, LYCEUM_BILLING_SANDBOX: 'on' }))
    expect(availableProviders(both)).toEqual(['stripe', 'sandbox'])
    const off = billingConfigFromEnv(parseHubEnv({ ...stripe, LYCEUM_BILLING_SANDBOX: 'off' }))
    expect(off.sandbox).toBeNull()
    const demo = billingConfigFromEnv(
      parseHubEnv({ LYCEUM_ROOT_DOMAIN: 'demo.example', LYCEUM_BILLING_SANDBOX: 'on' }),
    )
    expect(availableProviders(demo)).toEqual(['sandbox'])
  })
})

describe('parseCheckoutForm', () => {
  it('takes the only provider when the form leaves it out', () => {
    expect(parseCheckoutForm(form({ plan: ' growth ' }), ['sandbox'])).toEqual({
      ok: true,
      plan: 'growth',
      provider: 'sandbox',
    })
  })

  it('names each invalid field', () => {
    expect(parseCheckoutForm(form({}), ['stripe', 'paddle'])).toEqual({
      ok: false,
      errors: { plan: 'required', provider: 'invalid' },
    })
    expect(parseCheckoutForm(form({ plan: 'growth', provider: 'sandbox' }), ['stripe', 'paddle'])).toEqual({
      ok: false,
      errors: { provider: 'invalid' },
    })
    expect(parseCheckoutForm(form({ plan: 'x'.repeat(101), provider: 'stripe' }), ['stripe'])).toEqual({
      ok: false,
      errors: { plan: 'required' },
    })
  })
})
