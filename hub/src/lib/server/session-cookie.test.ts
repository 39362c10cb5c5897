import { describe, expect, it } from 'vitest'
import { isLocalHost, sessionCookieOptions } from './session-cookie.ts'

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, whole-site, and Secure except on localhost', () => {
    expect(sessionCookieOptions('lyceum.example')).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: 7 * 24 * 60 * 60,
    })
    expect(sessionCookieOptions('localhost').secure).toBe(false)
    expect(sessionCookieOptions('127.0.0.1').secure).toBe(false)
  })

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['cms.localhost', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['localhost.evil.example', false],
    ['mylocalhost', false],
    ['lyceum.example', false],
  ])('%s counts as local: %s', (host, local) => {
    expect(isLocalHost(host)).toBe(local)
  })
})
