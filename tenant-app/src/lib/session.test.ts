import { describe, expect, it } from 'vitest'
import { isLocalhostUrl, type Member, roleIn, safeNextPath, sealMember, unsealMember } from './session.ts'

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

describe('sealMember / unsealMember (the proxy hands its member to the page)', () => {
  const member: Member = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'learner', token: 'jwt-a' }
  const at = 1_000_000

  it('gives the page back the member, with the token of this request', () => {
    expect(unsealMember(sealMember(member, 'jwt-a', at), 'jwt-a', at + 50)).toEqual({ member })
    expect(unsealMember(sealMember(null, 'jwt-a', at), 'jwt-a', at)).toEqual({ member: null })
  })

  it('carries the enrollment the proxy read for the lesson, for members only', () => {
    const enrollment = {
      courseId: 'c1',
      enrollment: { id: 'e1', courseId: 'c1', enrolledAt: null, completedAt: null, lastLessonId: 'l1' },
    }
    expect(unsealMember(sealMember(member, 'jwt-a', at, enrollment), 'jwt-a', at)).toEqual({
      member,
      enrollment,
    })
    expect(unsealMember(sealMember(null, 'jwt-a', at, enrollment), 'jwt-a', at)).toEqual({ member: null })
  })

  it('ignores a seal made for another token, a stale one, and a missing one', () => {
    const sealed = sealMember(member, 'jwt-a', at)
    expect(unsealMember(sealed, 'jwt-b', at)).toBeUndefined()
    expect(unsealMember(sealed, 'jwt-a', at + 60_001)).toBeUndefined()
    expect(unsealMember(sealed, 'jwt-a', at - 1)).toBeUndefined()
    expect(unsealMember(null, 'jwt-a', at)).toBeUndefined()
    expect(unsealMember('', 'jwt-a', at)).toBeUndefined()
  })

  it('ignores a forged seal: another role, or no signature', () => {
    const [payload, signature] = sealMember(member, 'jwt-a', at).split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))
    claims.m.role = 'admin'
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url')
    expect(unsealMember(`${forged}.${signature}`, 'jwt-a', at)).toBeUndefined()
    expect(unsealMember(`${payload}.`, 'jwt-a', at)).toBeUndefined()
    expect(unsealMember(`${payload}.${signature}.x`, 'jwt-a', at)).toBeUndefined()
    expect(unsealMember(`${payload}.${'A'.repeat(43)}`, 'jwt-a', at)).toBeUndefined()
  })
})
