import { describe, expect, it } from 'vitest'
import {
  type ChallengeState,
  CODE_TTL_MS,
  challengeKey,
  generateCode,
  generateToken,
  hashSecret,
  hashSessionToken,
  judgeCode,
  MAX_CODE_ATTEMPTS,
  SEND_WINDOW_MS,
  sameHash,
  sendAllowance,
} from './rules.ts'

const key = challengeKey('plk_test_key')
const NOW = new Date('2026-11-21T12:00:00Z')
const at = (ms: number) => new Date(NOW.getTime() + ms)

function challenge(code: string, overrides: Partial<ChallengeState> = {}): ChallengeState {
  return {
    secretHash: hashSecret(key, code),
    expiresAt: at(CODE_TTL_MS).toISOString(),
    attempts: 0,
    usedAt: null,
    ...overrides,
  }
}

describe('generateCode', () => {
  it('gives six digits, leading zeros kept, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generateCode)
    for (const code of codes) expect(code).toMatch(/^\d{6}$/)
    expect(new Set(codes).size).toBeGreaterThan(1990)
    // Each first digit appears (a uniform draw over 000000–999999 hits all ten in 2,000 tries).
    expect(new Set(codes.map((c) => c[0])).size).toBe(10)
  })
})

describe('hashes', () => {
  it('keys the code hash: another platform key gives another hash, and the code is not in it', () => {
    const hash = hashSecret(key, '042917')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toBe(hashSecret(challengeKey('another key'), '042917'))
    expect(hash).not.toContain('042917')
    expect(sameHash(hash, hashSecret(key, '042917'))).toBe(true)
    expect(sameHash(hash, hashSecret(key, '042918'))).toBe(false)
    expect(sameHash('', '')).toBe(false)
  })

  it('gives tokens of 43 base64url characters and hashes them with SHA-256', () => {
    const token = generateToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generateToken()).not.toBe(token)
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('judgeCode', () => {
  // [case, challenge, submitted, expected verdict]
  const table: Array<[string, ChallengeState | null, string, string]> = [
    ['right code', challenge('123456'), '123456', 'ok'],
    ['wrong code, first try', challenge('123456'), '654321', 'wrong'],
    ['wrong code, 4th try', challenge('123456', { attempts: 3 }), '654321', 'wrong'],
    ['wrong code, 5th try', challenge('123456', { attempts: 4 }), '654321', 'wrong-last'],
    [
      'right code after 5 wrong ones',
      challenge('123456', { attempts: MAX_CODE_ATTEMPTS }),
      '123456',
      'exhausted',
    ],
    [
      'right code, 1 ms before expiry',
      challenge('123456', { expiresAt: at(1).toISOString() }),
      '123456',
      'ok',
    ],
    ['right code at expiry', challenge('123456', { expiresAt: at(0).toISOString() }), '123456', 'expired'],
    ['right code, already used', challenge('123456', { usedAt: at(-1000).toISOString() }), '123456', 'used'],
    ['no code sent', null, '123456', 'missing'],
  ]
  it.each(table)('%s', (_, state, submitted, verdict) => {
    expect(judgeCode(state, hashSecret(key, submitted), NOW)).toBe(verdict)
  })
})

describe('sendAllowance', () => {
  it('allows 3 sends per 15 minutes, then says when the next one is allowed', () => {
    expect(sendAllowance([], NOW)).toEqual({ allowed: true })
    expect(sendAllowance([at(-60_000), at(-30_000)], NOW)).toEqual({ allowed: true })
    expect(sendAllowance([at(-600_000), at(-60_000), at(-30_000)], NOW)).toEqual({
      allowed: false,
      retryAt: at(-600_000 + SEND_WINDOW_MS),
    })
  })

  it('forgets sends older than the window', () => {
    expect(sendAllowance([at(-SEND_WINDOW_MS), at(-60_000), at(-30_000)], NOW)).toEqual({ allowed: true })
  })
})
