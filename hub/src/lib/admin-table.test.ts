import { describe, expect, it } from 'vitest'
import { parseTableQuery, tableHref } from './admin-table.ts'

const parse = (search: string) => parseTableQuery(new URLSearchParams(search))

describe('parseTableQuery', () => {
  it('defaults: no search, no filter, newest first, page 1', () => {
    expect(parse('')).toEqual({ q: '', sort: '-createdAt', page: 1 })
  })

  it('reads every field', () => {
    expect(parse('q=+north+&status=active&plan=pro&provider=stripe&sort=name&page=3')).toEqual({
      q: 'north',
      status: 'active',
      plan: 'pro',
      provider: 'stripe',
      sort: 'name',
      page: 3,
    })
  })

  it.each([
    ['status=bogus', { status: undefined }],
    ['provider=visa', { provider: undefined }],
    ['plan=Pro%20Plan', { plan: undefined }],
    ['sort=password', { sort: '-createdAt' }],
    ['page=0', { page: 1 }],
    ['page=abc', { page: 1 }],
    ['page=2.5', { page: 1 }],
    [`q=${'x'.repeat(101)}`, { q: '' }],
  ])('falls back to the default for %s', (search, expected) => {
    expect(parse(search)).toMatchObject(expected)
  })
})

describe('tableHref', () => {
  it('keeps the state, applies the change and leaves defaults out', () => {
    const query = parse('q=north&status=active&sort=name&page=2')
    expect(tableHref(query, { page: 3 })).toBe('?q=north&status=active&sort=name&page=3')
    expect(tableHref(query, { page: 1, sort: '-createdAt' })).toBe('?q=north&status=active')
    expect(tableHref(parse(''), {})).toBe('?')
  })
})
