/**
 * Hub accounts: signup with an emailed code, sign-in, sessions, password reset.
 *
 * Source of truth: the cms. Accounts are its `users` (a hub signup creates one with
 * `emailVerified: false` and flips it when the code is entered: decision 015); codes and reset
 * tokens are `email-challenges` rows holding only a keyed hash; sessions are `account-sessions`
 * rows holding only the token's SHA-256. Passwords are checked and locked out by Payload
 * (`POST /api/users/login`: 5 failures lock the account for 10 minutes).
 *
 * No answer here depends on whether an address has an account, except through the mailbox: a
 * known address gets an "already have an account" mail instead of a code, and both are counted
 * against the same send limit.
 */
import { type CmsClient, isCmsError } from '@lyceum/cms-client'
import type { Locale } from '@lyceum/domain'
import { accountExists, type Mailer, passwordReset, type RenderedEmail, verificationCode } from '@lyceum/mail'
import {
  CODE_TTL_MS,
  type CodeVerdict,
  generateCode,
  generateToken,
  hashSecret,
  hashSessionToken,
  judgeCode,
  RESET_TTL_MS,
  SEND_WINDOW_MS,
  SESSION_TTL_MS,
  sendAllowance,
} from './rules.ts'

export type Account = { id: string; email: string }

/** Whether a mail went out (or would have, for an address without an account). */
export type SendOutcome = { sent: true } | { sent: false; retryAt: Date }

export type AccountsDeps = {
  /** Acting with the platform key. */
  cms: CmsClient
  /** Null: no SMTP configured; mails are logged as not sent. */
  mailer: Mailer | null
  /** From `challengeKey(platformKey)`. */
  key: Buffer
  /** Public origin of the hub, for links in mails. */
  hubUrl: string
  now?: () => Date
  log?: (message: string) => void
}

type Purpose = 'signup' | 'reset'

export type Accounts = ReturnType<typeof createAccounts>

export function createAccounts(deps: AccountsDeps) {
  const { cms, mailer, key, hubUrl } = deps
  const now = deps.now ?? (() => new Date())
  const log = deps.log ?? ((message: string) => console.warn(message))

  async function findUser(email: string) {
    const page = await cms.find('users', { where: { email: { equals: email } }, limit: 1 })
    return page.docs[0] ?? null
  }

  async function mail(to: string, email: RenderedEmail): Promise<void> {
    if (!mailer) {
      log(`[hub] no SMTP configured (LYCEUM_SMTP_URL): "${email.subject}" was not sent`)
      return
    }
    await mailer.send({ to, subject: email.subject, text: email.text, html: email.html })
  }

  /** The send limit for one address and purpose, from the rows of the last 15 minutes. */
  async function allowance(email: string, purpose: Purpose): Promise<SendOutcome> {
    const since = new Date(now().getTime() - SEND_WINDOW_MS).toISOString()
    const page = await cms.find('email-challenges', {
      where: { email: { equals: email }, purpose: { equals: purpose }, createdAt: { greater_than: since } },
      limit: 10,
      sort: '-createdAt',
    })
    const verdict = sendAllowance(
      page.docs.map((doc) => new Date(doc.createdAt)),
      now(),
    )
    return verdict.allowed ? { sent: true } : { sent: false, retryAt: verdict.retryAt }
  }

  /** Stores a challenge row (one row = one send) with the hash of `secret`. */
  async function record(email: string, purpose: Purpose, secret: string, ttlMs: number, user?: string) {
    await cms.create('email-challenges', {
      email,
      purpose,
      secretHash: hashSecret(key, secret),
      user: user ?? null,
      expiresAt: new Date(now().getTime() + ttlMs).toISOString(),
      attempts: 0,
    })
  }

  /**
   * Sends what a signup (or a resend) for `email` deserves: a fresh code when the address has no
   * verified account, an "already have an account" mail when it has one. Both count as a send.
   */
  async function sendSignupMail(email: string, locale: Locale, userId: string | null, verified: boolean) {
    const limit = await allowance(email, 'signup')
    if (!limit.sent) return limit
    if (verified || !userId) {
      // A row all the same, with a secret nobody knows: the limit and the answers stay identical.
      await record(email, 'signup', generateToken(), CODE_TTL_MS, userId ?? undefined)
      if (verified) {
        await mail(
          email,
          accountExists({
            locale,
            signInUrl: `${hubUrl}/login`,
            forgotPasswordUrl: `${hubUrl}/forgot-password`,
          }),
        )
      }
      return limit
    }
    const code = generateCode()
    await record(email, 'signup', code, CODE_TTL_MS, userId)
    await mail(email, verificationCode({ locale, code, expiresInMinutes: CODE_TTL_MS / 60_000 }))
    return limit
  }

  return {
    /**
     * Signup step 1. An unknown address gets an unverified account with this password and a
     * code; an address still unverified gets the new password and a new code (whoever entered
     * the first one never proved the mailbox); a verified account is left untouched and gets an
     * "already have an account" mail. The caller shows the same page in every case.
     * @throws CmsError / MailError when the cms or SMTP fails (a 503 for the caller).
     */
    async startSignup(input: { email: string; password: string; locale: Locale }): Promise<SendOutcome> {
      const user = await findUser(input.email)
      const verified = user !== null && user.emailVerified !== false
      const limit = await allowance(input.email, 'signup')
      if (!limit.sent) return limit
      let userId = user?.id ?? null
      if (!user) {
        const created = await cms.create('users', {
          email: input.email,
          password: input.password,
          emailVerified: false,
        })
        userId = created.id
      } else if (!verified) {
        await cms.update('users', user.id, { password: input.password })
      }
      return sendSignupMail(input.email, input.locale, userId, verified)
    },

    /** "Send me a new code": the same rules as a signup, without touching the password. */
    async resendCode(input: { email: string; locale: Locale }): Promise<SendOutcome> {
      const user = await findUser(input.email)
      return sendSignupMail(
        input.email,
        input.locale,
        user?.id ?? null,
        user !== null && user.emailVerified !== false,
      )
    },

    /**
     * Signup step 2: checks `code` against the latest code sent to `email` (single use, 10
     * minutes, 5 attempts). On success the account is verified and returned.
     */
    async verifyCode(input: {
      email: string
      code: string
    }): Promise<{ ok: true; account: Account } | { ok: false; verdict: Exclude<CodeVerdict, 'ok'> }> {
      const page = await cms.find('email-challenges', {
        where: { email: { equals: input.email }, purpose: { equals: 'signup' } },
        sort: '-createdAt',
        limit: 1,
      })
      const challenge = page.docs[0] ?? null
      const verdict = judgeCode(challenge, hashSecret(key, input.code), now())
      if (verdict === 'wrong' || verdict === 'wrong-last') {
        if (challenge)
          await cms.update('email-challenges', challenge.id, { attempts: challenge.attempts + 1 })
        return { ok: false, verdict }
      }
      if (verdict !== 'ok' || !challenge)
        return { ok: false, verdict: verdict === 'ok' ? 'missing' : verdict }
      await cms.update('email-challenges', challenge.id, { usedAt: now().toISOString() })
      const userId = typeof challenge.user === 'string' ? challenge.user : challenge.user?.id
      if (!userId) return { ok: false, verdict: 'missing' }
      const user = await cms.update('users', userId, { emailVerified: true })
      return { ok: true, account: { id: user.id, email: user.email } }
    },

    /**
     * Checks the password with the cms (which counts failures and locks the account after 5 for
     * 10 minutes). Every failure, lockout included, is the same `invalid`. A right password on
     * an account still unverified sends a new code (within the limit) and answers `unverified`.
     */
    async checkPassword(input: {
      email: string
      password: string
      locale: Locale
    }): Promise<{ ok: true; account: Account } | { ok: false; reason: 'invalid' | 'unverified' }> {
      let result: Awaited<ReturnType<CmsClient['login']>>
      try {
        result = await cms.login(input.email, input.password)
      } catch (error) {
        // 401: wrong email or password, or locked (Payload says which: we do not). 400: a value
        // Payload refuses outright (e.g. an address it cannot parse), the same for everyone.
        if (isCmsError(error, 'unauthorized', 'validation', 'forbidden'))
          return { ok: false, reason: 'invalid' }
        throw error
      }
      // The hub keeps its own session; the cms session this login opened is closed at once.
      await cms
        .withAuth({ token: result.token })
        .logout()
        .catch(() => {})
      if (result.user.emailVerified === false) {
        await sendSignupMail(input.email, input.locale, result.user.id, false)
        return { ok: false, reason: 'unverified' }
      }
      return { ok: true, account: { id: result.user.id, email: result.user.email } }
    },

    /**
     * Opens a session for `accountId` and returns its token (for the cookie). The session the
     * browser held before, if any, is deleted: a sign-in always rotates the token.
     */
    async openSession(accountId: string, previousToken?: string | null): Promise<string> {
      if (previousToken) await closeSession(previousToken)
      const token = generateToken()
      await cms.create('account-sessions', {
        user: accountId,
        tokenHash: hashSessionToken(token),
        expiresAt: new Date(now().getTime() + SESSION_TTL_MS).toISOString(),
      })
      return token
    },

    /** The account a session token belongs to, or null (unknown, expired, account gone or unverified). */
    async sessionAccount(token: string): Promise<Account | null> {
      const page = await cms.find('account-sessions', {
        where: {
          tokenHash: { equals: hashSessionToken(token) },
          expiresAt: { greater_than: now().toISOString() },
        },
        limit: 1,
        depth: 1,
      })
      const user = page.docs[0]?.user
      if (!user || typeof user === 'string' || user.emailVerified === false) return null
      return { id: user.id, email: user.email }
    },

    /** Deletes the session of `token` (sign-out); unknown tokens are ignored. */
    closeSession,

    /**
     * "Forgot password": mails a single-use link valid 30 minutes to a verified account; an
     * address without one gets nothing, but the send is counted the same way.
     */
    async requestReset(input: { email: string; locale: Locale }): Promise<SendOutcome> {
      const limit = await allowance(input.email, 'reset')
      if (!limit.sent) return limit
      const user = await findUser(input.email)
      const token = generateToken()
      const known = user !== null && user.emailVerified !== false
      await record(input.email, 'reset', token, RESET_TTL_MS, known ? user.id : undefined)
      if (known) {
        const resetUrl = `${hubUrl}/reset-password?token=${encodeURIComponent(token)}`
        await mail(
          input.email,
          passwordReset({ locale: input.locale, resetUrl, expiresInMinutes: RESET_TTL_MS / 60_000 }),
        )
      }
      return limit
    },

    /** Whether a reset token can still be used (the reset page checks before showing its form). */
    async resetTokenValid(token: string): Promise<boolean> {
      return (await findResetChallenge(token)) !== null
    },

    /**
     * Sets a new password with a reset token, which then works no more; every session of the
     * account is closed. @returns false for an unknown, used or expired token.
     */
    async resetPassword(input: { token: string; password: string }): Promise<boolean> {
      const challenge = await findResetChallenge(input.token)
      if (!challenge) return false
      const claimed = await cms.updateWhere(
        'email-challenges',
        { id: { equals: challenge.id }, usedAt: { exists: false } },
        { usedAt: now().toISOString() },
      )
      if (claimed.docs.length !== 1) return false
      await cms.update('users', challenge.userId, { password: input.password })
      await cms.deleteWhere('account-sessions', { user: { equals: challenge.userId } })
      return true
    },
  }

  async function closeSession(token: string): Promise<void> {
    await cms.deleteWhere('account-sessions', { tokenHash: { equals: hashSessionToken(token) } })
  }

  async function findResetChallenge(token: string): Promise<{ id: string; userId: string } | null> {
    if (!token) return null
    const page = await cms.find('email-challenges', {
      where: {
        secretHash: { equals: hashSecret(key, token) },
        purpose: { equals: 'reset' },
        usedAt: { exists: false },
        expiresAt: { greater_than: now().toISOString() },
      },
      limit: 1,
    })
    const doc = page.docs[0]
    const userId = typeof doc?.user === 'string' ? doc.user : doc?.user?.id
    return doc && userId ? { id: doc.id, userId } : null
  }
}
