import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hasFreeSeat, hashToken, isTokenShape, newToken, parseRole } from './members.ts'

describe('invitation tokens', () => {
  it('are 43 base64url characters, different every time, stored as their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newToken()))
    expect(tokens.size).toBe(50)
    for (const token of tokens) expect(isTokenShape(token)).toBe(true)
    const [token] = tokens
    expect(hashToken(token ?? '')).toBe(
      createHash('sha256')
        .update(token ?? '')
        .digest('hex'),
    )
    expect(hashToken(token ?? '')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses anything else before asking the cms', () => {
    for (const value of ['', 'short', `${'a'.repeat(42)}=`, 'a'.repeat(44), `${'a'.repeat(42)}/`]) {
      expect(isTokenShape(value)).toBe(false)
    }
  })
})

describe('seats', () => {
  it('counts open invitations as taken seats', () => {
    expect(hasFreeSeat({ seats: { used: 3, pending: 1, limit: 5 } })).toBe(true)
    expect(hasFreeSeat({ seats: { used: 3, pending: 2, limit: 5 } })).toBe(false)
    expect(hasFreeSeat({ seats: { used: 6, pending: 0, limit: 5 } })).toBe(false)
    expect(hasFreeSeat({ seats: { used: 1000, pending: 1000, limit: null } })).toBe(true)
  })
})

describe('roles', () => {
  it('accepts the three member roles only', () => {
    expect(['admin', 'instructor', 'learner'].map(parseRole)).toEqual(['admin', 'instructor', 'learner'])
    expect(parseRole('super-admin')).toBeNull()
    expect(parseRole('')).toBeNull()
    expect(parseRole(undefined)).toBeNull()
  })
})
