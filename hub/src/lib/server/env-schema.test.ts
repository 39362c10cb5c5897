import { describe, expect, it } from 'vitest'
import { parseHubEnv } from './env-schema.ts'

describe('parseHubEnv', () => {
  it('has working defaults for local development', () => {
    const env = parseHubEnv({})
    expect(env.LYCEUM_CMS_HOST).toBeUndefined()
    expect(env.LYCEUM_PLATFORM_KEY).toBeUndefined()
    expect(env).toMatchObject({
      LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
      LYCEUM_ROOT_DOMAIN: 'localhost',
      LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
      production: false,
    })
  })

  it('reads every variable, normalised', () => {
    const env = parseHubEnv({
      NODE_ENV: 'production',
      LYCEUM_CMS_URL: 'http://127.0.0.1:8080/',
      LYCEUM_CMS_HOST: 'CMS.localhost:8080',
      LYCEUM_PLATFORM_KEY: ' key-123 ',
      LYCEUM_ROOT_DOMAIN: 'Lyceum.Example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
      LYCEUM_BILLING_SANDBOX: ' ON ',
    })
    expect(env).toMatchObject({
      LYCEUM_CMS_URL: 'http://127.0.0.1:8080',
      LYCEUM_CMS_HOST: 'cms.localhost:8080',
      LYCEUM_PLATFORM_KEY: 'key-123',
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
      LYCEUM_BILLING_SANDBOX: 'on',
      production: true,
    })
  })

  it('refuses free schools on a real domain unless the sandbox is asked for', () => {
    const publicHub = {
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
    }
    expect(() => parseHubEnv(publicHub)).toThrow(
      /LYCEUM_BILLING_SANDBOX: would make schools free on lyceum\.example: no payment provider is configured/,
    )
    expect(parseHubEnv({ ...publicHub, LYCEUM_BILLING_SANDBOX: 'on' }).LYCEUM_BILLING_SANDBOX).toBe('on')
    const stripe = { STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }
    expect(parseHubEnv({ ...publicHub, ...stripe }).LYCEUM_BILLING_SANDBOX).toBe('auto')
    expect(parseHubEnv({ LYCEUM_ROOT_DOMAIN: 'dev.localhost' }).LYCEUM_BILLING_SANDBOX).toBe('auto')
    expect(() => parseHubEnv({ LYCEUM_BILLING_SANDBOX: 'off' })).toThrow(
      /LYCEUM_BILLING_SANDBOX: is off, but no payment provider is configured/,
    )
    expect(() => parseHubEnv({ LYCEUM_BILLING_SANDBOX: 'yes' })).toThrow(
      /LYCEUM_BILLING_SANDBOX: must be auto, on or off/,
    )
  })

  it('reads the billing variables, with sandbox-friendly defaults', () => {
    const defaults = parseHubEnv({})
    expect([defaults.DATABASE_URL, defaults.STRIPE_SECRET_KEY, defaults.PADDLE_API_KEY]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    expect(defaults).toMatchObject({
      PADDLE_ENVIRONMENT: 'sandbox',
      LYCEUM_BILLING_GRACE_DAYS: 7,
      LYCEUM_BILLING_RETENTION_DAYS: 30,
    })
    expect(
      parseHubEnv({
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/lyceum',
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_WEBHOOK_SECRET: 'whsec_123',
        PADDLE_API_KEY: 'pdl_sdbx_apikey_1',
        PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_1',
        PADDLE_ENVIRONMENT: 'http://127.0.0.1:9999',
        LYCEUM_BILLING_GRACE_DAYS: '3',
        LYCEUM_BILLING_RETENTION_DAYS: '0',
      }),
    ).toMatchObject({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/lyceum',
      STRIPE_SECRET_KEY: 'sk_test_123',
      PADDLE_ENVIRONMENT: 'http://127.0.0.1:9999',
      LYCEUM_BILLING_GRACE_DAYS: 3,
      LYCEUM_BILLING_RETENTION_DAYS: 0,
    })
  })

  it.each([
    {
      env: { STRIPE_SECRET_KEY: 'sk_test_1' },
      says: 'STRIPE_WEBHOOK_SECRET: is required with STRIPE_SECRET_KEY',
    },
    { env: { PADDLE_WEBHOOK_SECRET: 'x' }, says: 'PADDLE_API_KEY: is required with PADDLE_WEBHOOK_SECRET' },
    {
      env: { STRIPE_SECRET_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' },
      says: 'STRIPE_SECRET_KEY: must be a Stripe secret',
    },
    { env: { LYCEUM_BILLING_GRACE_DAYS: '-1' }, says: 'LYCEUM_BILLING_GRACE_DAYS: must be 0 or more' },
    {
      env: { LYCEUM_BILLING_RETENTION_DAYS: 'soon' },
      says: 'LYCEUM_BILLING_RETENTION_DAYS: must be a whole number',
    },
    { env: { DATABASE_URL: 'mysql://x' }, says: 'DATABASE_URL: must be a postgres://' },
    { env: { PADDLE_ENVIRONMENT: 'staging' }, says: 'PADDLE_ENVIRONMENT: must be sandbox, production' },
  ])('refuses billing settings: $says', ({ env, says }) => {
    expect(() => parseHubEnv(env)).toThrow(says)
  })

  it('treats empty variables as unset', () => {
    expect(parseHubEnv({ LYCEUM_CMS_URL: '', LYCEUM_CMS_HOST: ' ', LYCEUM_PLATFORM_KEY: '' })).toMatchObject({
      LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
      LYCEUM_CMS_HOST: undefined,
      LYCEUM_PLATFORM_KEY: undefined,
    })
  })

  it.each([
    { variable: 'LYCEUM_CMS_URL', value: 'not a url', says: 'must be an http:// or https:// URL' },
    { variable: 'LYCEUM_CMS_URL', value: 'ftp://cms.example', says: 'must be an http:// or https:// URL' },
    { variable: 'LYCEUM_CMS_URL', value: 'http://cms.example/?x=1', says: 'must not have a query' },
    { variable: 'LYCEUM_CMS_HOST', value: 'http://cms.localhost', says: 'must be a host name' },
    { variable: 'LYCEUM_ROOT_DOMAIN', value: 'https://lyceum.example', says: 'must be a host name' },
    { variable: 'LYCEUM_ROOT_DOMAIN', value: 'lyceum.example:8080', says: 'must be a host name' },
    {
      variable: 'LYCEUM_HUB_PUBLIC_URL',
      value: 'lyceum.example',
      says: 'must be an http:// or https:// URL',
    },
  ])('names $variable when it is "$value"', ({ variable, value, says }) => {
    expect(() => parseHubEnv({ [variable]: value })).toThrow(
      new RegExp(`^Invalid hub environment:\\n  ${variable}: ${says}`),
    )
  })

  it('requires the platform key in production only', () => {
    expect(() => parseHubEnv({ NODE_ENV: 'production' })).toThrow(
      /LYCEUM_PLATFORM_KEY: is required in production/,
    )
    expect(() => parseHubEnv({ NODE_ENV: 'production', LYCEUM_PLATFORM_KEY: '  ' })).toThrow(
      /LYCEUM_PLATFORM_KEY/,
    )
    expect(parseHubEnv({ NODE_ENV: 'development' }).LYCEUM_PLATFORM_KEY).toBeUndefined()
  })

  it('names every faulty variable at once', () => {
    let message = ''
    try {
      parseHubEnv({
        NODE_ENV: 'production',
        LYCEUM_CMS_URL: 'nope',
        LYCEUM_ROOT_DOMAIN: 'a b',
        LYCEUM_BILLING_SANDBOX: 'on',
      })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('LYCEUM_CMS_URL')
    expect(message).toContain('LYCEUM_ROOT_DOMAIN')
    expect(message).toContain('LYCEUM_PLATFORM_KEY')
  })
})
