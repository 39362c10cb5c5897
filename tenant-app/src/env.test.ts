import { describe, expect, it } from 'vitest'
import { EnvError, parseTenantEnv } from './env.ts'

const valid = {
  LYCEUM_TENANT_SLUG: 'northwind',
  LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
  LYCEUM_TENANT_API_KEY: '0123456789abcdef',
  LYCEUM_PUBLIC_URL: 'http://northwind.localhost:8080',
}

function problem(overrides: Record<string, string | undefined>): { variables: string[]; message: string } {
  try {
    parseTenantEnv({ ...valid, ...overrides })
  } catch (error) {
    if (error instanceof EnvError) return { variables: error.variables, message: error.message }
    throw error
  }
  throw new Error('expected the env to be refused')
}

describe('parseTenantEnv', () => {
  it('accepts a complete env and normalises it', () => {
    expect(
      parseTenantEnv({
        ...valid,
        LYCEUM_TENANT_SLUG: ' Northwind ',
        LYCEUM_CMS_URL: 'http://127.0.0.1:3001/',
        LYCEUM_CMS_HOST: 'cms.localhost:8080',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      LYCEUM_TENANT_SLUG: 'northwind',
      LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
      LYCEUM_CMS_HOST: 'cms.localhost:8080',
      LYCEUM_TENANT_API_KEY: '0123456789abcdef',
      LYCEUM_PUBLIC_URL: 'http://northwind.localhost:8080',
      LYCEUM_SMTP_URL: undefined,
      LYCEUM_MAIL_FROM: 'Lyceum <no-reply@lyceum.localhost>',
    })
  })

  it('keeps the SMTP URL and the sender when given', () => {
    const env = parseTenantEnv({
      ...valid,
      LYCEUM_SMTP_URL: ' smtp://127.0.0.1:1025 ',
      LYCEUM_MAIL_FROM: 'Northwind <school@northwind.example>',
    })
    expect(env.LYCEUM_SMTP_URL).toBe('smtp://127.0.0.1:1025')
    expect(env.LYCEUM_MAIL_FROM).toBe('Northwind <school@northwind.example>')
  })

  it('treats an empty LYCEUM_CMS_HOST as unset', () => {
    expect(parseTenantEnv({ ...valid, LYCEUM_CMS_HOST: '' }).LYCEUM_CMS_HOST).toBeUndefined()
  })

  it('names every missing variable at once', () => {
    const { variables, message } = problem({
      LYCEUM_TENANT_SLUG: undefined,
      LYCEUM_CMS_URL: undefined,
      LYCEUM_TENANT_API_KEY: undefined,
      LYCEUM_PUBLIC_URL: undefined,
    })
    expect(variables).toEqual([
      'LYCEUM_TENANT_SLUG',
      'LYCEUM_CMS_URL',
      'LYCEUM_TENANT_API_KEY',
      'LYCEUM_PUBLIC_URL',
    ])
    expect(message).toMatch(/^Invalid tenant-app environment:\n {2}LYCEUM_TENANT_SLUG: is required/)
  })

  // Each row: a bad value → the variable named and a hint of what is expected.
  const table: Array<[name: string, value: string, hint: RegExp]> = [
    ['LYCEUM_TENANT_SLUG', 'north_wind', /lowercase letters/],
    ['LYCEUM_TENANT_SLUG', 'ab', /at least 3/],
    ['LYCEUM_TENANT_SLUG', '-northwind', /hyphen/],
    ['LYCEUM_TENANT_SLUG', 'www', /reserved/],
    ['LYCEUM_TENANT_SLUG', 'x'.repeat(64), /at most 63/],
    ['LYCEUM_CMS_URL', 'not a url', /http\(s\) URL/],
    ['LYCEUM_CMS_URL', 'ftp://cms.example.com', /http\(s\) URL/],
    ['LYCEUM_CMS_HOST', 'cms.localhost:8080/api', /host name/],
    ['LYCEUM_CMS_HOST', 'two words', /host name/],
    ['LYCEUM_TENANT_API_KEY', 'too-short', /at least 16/],
    ['LYCEUM_TENANT_API_KEY', '                    ', /at least 16/],
    ['LYCEUM_PUBLIC_URL', 'northwind.localhost', /http\(s\) URL/],
    ['LYCEUM_SMTP_URL', 'http://mail.example.com', /smtp:\/\//],
  ]
  it.each(table)('refuses %s=%j', (name, value, hint) => {
    const { variables, message } = problem({ [name]: value })
    expect(variables).toEqual([name])
    expect(message).toContain(`  ${name}: `)
    expect(message).toMatch(hint)
  })

  it('never echoes the key in its message', () => {
    const { message } = problem({ LYCEUM_TENANT_API_KEY: 'secret-ish' })
    expect(message).not.toContain('secret-ish')
  })
})
