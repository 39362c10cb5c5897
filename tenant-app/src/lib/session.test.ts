import { describe, expect, it } from 'vitest'
import { isLocalhostUrl, roleIn, safeNextPath } from './session.ts'

describe('safeNextPath', () => {
  it.each([
    ['/courses/intro', '/courses/intro'],
    ['/courses/intro/lessons/one?x=1#top', '/courses/intro/lessons/one?x=1#top'],
    ['/', '/'],
    ['//evil.example/path', '/my-learning'],
    ['/\\evil.example', '/my-learning'],
    ['https://evil.example/', '/my-learning'],
    ['javascript:alert(1)', '/my-learning'],
    ['courses/intro', '/my-learning'],
    ['/a\nb', '/my-learning'],
    ['', '/my-learning'],
    [undefined, '/my-learning'],
    [`/${'a'.repeat(600)}`, '/my-learning'],
  ])('%j → %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected)
  })
})

describe('isLocalhostUrl (cookies are Secure everywhere else)', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://northwind.localhost:8080', true],
    ['http://127.0.0.1:3100', true],
    ['https://northwind.example.com', false],
    ['http://northwind.example.com', false],
    ['https://localhost.example.com', false],
  ])('%s → %s', (url, expected) => {
    expect(isLocalhostUrl(url)).toBe(expected)
  })
})

describe('roleIn', () => {
  const school = 'ten-a'
  it.each([
    { rows: [{ tenant: school, role: 'learner' }], expected: 'learner' },
    { rows: [{ tenant: { id: school }, role: 'admin' }], expected: 'admin' },
    { rows: [{ tenant: 'ten-b', role: 'admin' }], expected: null },
    { rows: [{ tenant: school, role: 'owner' }], expected: null },
    { rows: [], expected: null },
    { rows: null, expected: null },
  ])('$rows → $expected', ({ rows, expected }) => {
    expect(roleIn({ memberships: rows as never }, school)).toBe(expected)
  })
})
