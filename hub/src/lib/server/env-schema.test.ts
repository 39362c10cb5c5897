import { describe, expect, it } from 'vitest'
import { parseHubEnv } from './env-schema.ts'

describe('parseHubEnv', () => {
  it('has working defaults for local development', () => {
    expect(parseHubEnv({})).toEqual({
      LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
      LYCEUM_CMS_HOST: undefined,
      LYCEUM_PLATFORM_KEY: undefined,
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
    })
    expect(env).toEqual({
      LYCEUM_CMS_URL: 'http://127.0.0.1:8080',
      LYCEUM_CMS_HOST: 'cms.localhost:8080',
      LYCEUM_PLATFORM_KEY: 'key-123',
      LYCEUM_ROOT_DOMAIN: 'lyceum.example',
      LYCEUM_HUB_PUBLIC_URL: 'https://lyceum.example',
      production: true,
    })
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
      parseHubEnv({ NODE_ENV: 'production', LYCEUM_CMS_URL: 'nope', LYCEUM_ROOT_DOMAIN: 'a b' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('LYCEUM_CMS_URL')
    expect(message).toContain('LYCEUM_ROOT_DOMAIN')
    expect(message).toContain('LYCEUM_PLATFORM_KEY')
  })
})
