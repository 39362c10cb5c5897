import { describe, expect, it } from 'vitest'
import { cmsAuthOf, endsAtLabel, impersonationOf, isImpersonationToken } from './impersonation.ts'

const encode = (claims: unknown) => Buffer.from(JSON.stringify(claims)).toString('base64url')
const session = (claims: Record<string, unknown>) => `imp1.${encode(claims)}.mac`
const claims = {
  k: 'session',
  adminEmail: 'admin@a.example',
  byEmail: 'root@lyceum.example',
  exp: 1_800_000_000_000,
}

describe('impersonation sessions in the session cookie', () => {
  it('tells an impersonation session from a member JWT, and sends each with its own scheme', () => {
    expect(isImpersonationToken(session(claims))).toBe(true)
    expect(isImpersonationToken('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false)
    expect(isImpersonationToken(undefined)).toBe(false)
    expect(cmsAuthOf(session(claims))).toEqual({ impersonation: session(claims) })
    expect(cmsAuthOf('eyJ.jwt')).toEqual({ token: 'eyJ.jwt' })
  })

  it.each([
    ['a session', session(claims), { adminEmail: 'admin@a.example', byEmail: 'root@lyceum.example' }],
    ['a ticket', session({ ...claims, k: 'ticket' }), null],
    ['no expiry', session({ ...claims, exp: undefined }), null],
    ['not JSON', 'imp1.bm90IGpzb24.mac', null],
    ['a JWT', 'eyJ.e30.sig', null],
  ])('reads %s', (_name, token, expected) => {
    const view = impersonationOf(token)
    if (expected === null) expect(view).toBeNull()
    else expect(view).toMatchObject({ ...expected, endsAt: new Date(claims.exp) })
  })

  it('labels the end time in UTC', () => {
    expect(endsAtLabel(new Date('2026-11-22T09:05:59Z'))).toBe('09:05 UTC')
  })
})
