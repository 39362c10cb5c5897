/**
 * The account rules, as pure functions and constants (no I/O): one-time codes and tokens, their
 * keyed hashes, the checks a submitted code goes through, and the send limit.
 * The records themselves live in the cms's `email-challenges` collection (service.ts).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/** A signup code works for 10 minutes. */
export const CODE_TTL_MS = 10 * 60_000
/** A password-reset link works for 30 minutes. */
export const RESET_TTL_MS = 30 * 60_000
/** Wrong entries a code survives; the 5th wrong one uses it up. */
export const MAX_CODE_ATTEMPTS = 5
/** Mails per address and purpose within {@link SEND_WINDOW_MS}. */
export const MAX_SENDS = 3
export const SEND_WINDOW_MS = 15 * 60_000
/** A hub session lasts 7 days from sign-in. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000

/** A 6-digit code from the CSPRNG (`crypto.randomInt`, uniform), as a string: `'042917'`. */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

/** 32 random bytes, base64url (43 characters): reset tokens and session tokens. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The key that hashes codes and tokens, derived from the platform key. A 6-digit code has only a
 * million values, so a plain hash would be reversed at once by anyone who read the table: keyed
 * with a secret the cms does not hold, the stored hashes are useless without the hub.
 */
export function challengeKey(platformKey: string): Buffer {
  return createHmac('sha256', platformKey).update('lyceum-hub email-challenges v1').digest()
}

/** HMAC-SHA256 of a code or token under `key`, hex (64 characters). */
export function hashSecret(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret).digest('hex')
}

/** SHA-256 of a session token, hex: the token has 256 bits of entropy, so no key is needed. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right)
}

/** What the hub knows of a stored challenge. */
export type ChallengeState = {
  secretHash: string
  /** ISO time. */
  expiresAt: string
  attempts: number
  /** ISO time, once used. */
  usedAt?: string | null
}

/**
 * The verdict on a submitted code, in the order the rules apply:
 * - `missing`: no code was sent (or none is left);
 * - `used`: it already worked once (single use);
 * - `expired`: past its 10 minutes;
 * - `exhausted`: already 5 wrong entries;
 * - `wrong`: not the code (counts an attempt); `wrong-last` when it was the 5th;
 * - `ok`.
 */
export type CodeVerdict = 'missing' | 'used' | 'expired' | 'exhausted' | 'wrong' | 'wrong-last' | 'ok'

export function judgeCode(challenge: ChallengeState | null, submittedHash: string, now: Date): CodeVerdict {
  if (!challenge) return 'missing'
  if (challenge.usedAt) return 'used'
  if (Date.parse(challenge.expiresAt) <= now.getTime()) return 'expired'
  if (challenge.attempts >= MAX_CODE_ATTEMPTS) return 'exhausted'
  if (sameHash(challenge.secretHash, submittedHash)) return 'ok'
  return challenge.attempts + 1 >= MAX_CODE_ATTEMPTS ? 'wrong-last' : 'wrong'
}

/**
 * Whether one more mail may go to an address, given the times of the mails already sent to it
 * for the same purpose. At most {@link MAX_SENDS} within any {@link SEND_WINDOW_MS}.
 *
 * @returns `{ allowed: true }`, or `{ allowed: false, retryAt }`: when the oldest send in the
 *   window leaves it.
 */
export function sendAllowance(
  sentAt: readonly Date[],
  now: Date,
): { allowed: true } | { allowed: false; retryAt: Date } {
  const windowStart = now.getTime() - SEND_WINDOW_MS
  const recent = sentAt
    .map((d) => d.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b)
  if (recent.length < MAX_SENDS) return { allowed: true }
  const oldest = recent[recent.length - MAX_SENDS] ?? now.getTime()
  return { allowed: false, retryAt: new Date(oldest + SEND_WINDOW_MS) }
}
