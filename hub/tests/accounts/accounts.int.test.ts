/**
 * Accounts through the hub's production build, with the real cms on PostgreSQL and the real
 * MailDev catcher: signup and its code, sign-in, lockout, sessions, password reset, and the
 * answers that must not tell whether an address has an account.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import {
  DEMO_ADMIN,
  GOOD_PASSWORD,
  latestCode,
  mailsTo,
  newEmail,
  normalized,
  nthMail,
  signUp,
  startWorld,
  Visitor,
  type World,
} from './support.ts'

let world: World

beforeAll(async () => {
  world = await startWorld()
}, 120_000)

afterAll(async () => {
  await world?.close()
})

function showHubLogOnFailure() {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
}

const sessionCookieLine = (lines: string[]) => lines.find((line) => line.startsWith('lyceum_session='))

async function latestChallenge(email: string) {
  const page = await world.platform.find('email-challenges', {
    where: { email: { equals: email }, purpose: { equals: 'signup' } },
    sort: '-createdAt',
    limit: 1,
  })
  const doc = page.docs[0]
  if (!doc) throw new Error(`no challenge for ${email}`)
  return doc
}

describe('signup', () => {
  it('creates an unverified account, mails a code, verifies it and signs in; then logout and login', async () => {
    showHubLogOnFailure()
    const email = newEmail()
    const visitor = new Visitor(world.hub.url)
    const start = await visitor.post('/signup?/signup', {
      email: email.toUpperCase(),
      password: GOOD_PASSWORD,
    })
    expect(start.status).toBe(200)
    expect(start.body).toContain(`We sent an email to ${email}`)

    // The account exists, unverified; the code is stored only as a keyed hash.
    const users = await world.platform.find('users', { where: { email: { equals: email } } })
    expect(users.docs).toHaveLength(1)
    expect(users.docs[0]?.emailVerified).toBe(false)
    const code = await latestCode(world, email)
    const challenge = await latestChallenge(email)
    expect(challenge.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(challenge)).not.toContain(code)

    // An unverified account cannot sign in yet: it is sent back to the code step.
    const early = await new Visitor(world.hub.url).post('/login', { email, password: GOOD_PASSWORD })
    expect(early.status).toBe(303)
    expect(early.location).toBe(`/signup?step=verify&email=${encodeURIComponent(email)}`)

    const verified = await visitor.post('/signup?/verify', { email, code: await latestCode(world, email) })
    expect(verified.status).toBe(303)
    expect(verified.location).toBe('/onboarding')
    const cookie = sessionCookieLine(verified.setCookies)
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/; HttpOnly/i)
    expect(cookie).toMatch(/; SameSite=Lax/i)
    expect(cookie).toMatch(/; Path=\//i)
    expect(cookie).not.toMatch(/; Secure/i) // 127.0.0.1 is local: plain http
    expect(
      (await world.platform.find('users', { where: { email: { equals: email } } })).docs[0]?.emailVerified,
    ).toBe(true)

    const onboarding = await visitor.get('/onboarding')
    expect(onboarding.status).toBe(200)
    expect(onboarding.body).toContain(`Signed in as ${email}`)

    const out = await visitor.post('/logout', {})
    expect(out.status).toBe(303)
    expect(visitor.cookies.has('lyceum_session')).toBe(false)
    expect((await visitor.get('/onboarding')).location).toBe('/login?next=/onboarding')

    const login = await visitor.post('/login', { email, password: GOOD_PASSWORD, next: '/onboarding' })
    expect(login.status).toBe(303)
    expect(login.location).toBe('/onboarding')
    expect((await visitor.get('/onboarding')).status).toBe(200)
  })

  it('answers a known and an unknown address alike; the known one gets "you already have an account"', async () => {
    showHubLogOnFailure()
    const unknown = newEmail('fresh')
    const known = DEMO_ADMIN.email
    const a = await new Visitor(world.hub.url).post('/signup?/signup', {
      email: known,
      password: GOOD_PASSWORD,
    })
    const b = await new Visitor(world.hub.url).post('/signup?/signup', {
      email: unknown,
      password: GOOD_PASSWORD,
    })
    expect(a.status).toBe(b.status)
    expect(normalized(a.body).replaceAll(known, 'X')).toBe(normalized(b.body).replaceAll(unknown, 'X'))
    expect(a.setCookies).toEqual(b.setCookies)

    expect((await nthMail(world, known, 1)).subject).toBe('You already have a Lyceum account')
    expect((await nthMail(world, unknown, 1)).subject).toBe('Your Lyceum verification code')
    // The verified account was left alone: its password still works.
    const login = await new Visitor(world.hub.url).post('/login', DEMO_ADMIN)
    expect(login.status).toBe(303)

    // A code typed for the known address is wrong like any wrong code.
    const wrongKnown = await new Visitor(world.hub.url).post('/signup?/verify', {
      email: known,
      code: '000000',
    })
    const wrongUnknown = await new Visitor(world.hub.url).post('/signup?/verify', {
      email: unknown,
      code: '000000',
    })
    expect(wrongKnown.status).toBe(400)
    expect(normalized(wrongKnown.body).replaceAll(known, 'X')).toBe(
      normalized(wrongUnknown.body).replaceAll(unknown, 'X'),
    )
  })

  it('mails in the visitor’s language and carries the plan chosen on the pricing page to onboarding', async () => {
    showHubLogOnFailure()
    const email = newEmail('francais')
    const visitor = new Visitor(world.hub.url, 'fr-FR,fr;q=0.9')
    const page = await visitor.get('/signup?plan=growth')
    expect(page.body).toContain('name="plan" value="growth"')
    const start = await visitor.post('/signup?/signup', { email, password: GOOD_PASSWORD, plan: 'growth' })
    expect(start.body).toContain(`Nous avons envoyé un e-mail à ${email}`)
    const mail = await nthMail(world, email, 1)
    expect(mail.subject).toBe('Votre code de vérification Lyceum')
    const code = /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1] ?? ''
    const verified = await visitor.post('/signup?/verify', { email, code, plan: 'growth' })
    expect(verified.location).toBe('/onboarding?plan=growth')
    const onboarding = await visitor.get('/onboarding?plan=growth')
    const growth = await world.platform.find('plans', { where: { code: { equals: 'growth' } } })
    expect(onboarding.body).toMatch(new RegExp(`value="${growth.docs[0]?.id}"[^>]*checked`))
    // A plan code that could carry anything else is dropped.
    expect((await new Visitor(world.hub.url).get('/signup?plan=%22%3E%3Cscript%3E')).body).toContain(
      'name="plan" value=""',
    )
  })

  it('keeps field errors in place: bad email, short and common passwords, 400, nothing created', async () => {
    const visitor = new Visitor(world.hub.url)
    const bad = await visitor.post('/signup?/signup', { email: 'not-an-email', password: 'short' })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('data-field-error="email"')
    expect(bad.body).toContain('Enter a valid email address')
    expect(bad.body).toContain('Use at least 8 characters.')
    expect(bad.body).toContain('value="not-an-email"')

    const email = newEmail('common')
    const common = await visitor.post('/signup?/signup', { email, password: 'password123' })
    expect(common.status).toBe(400)
    expect(common.body).toContain('This password is too common')
    expect(common.body).toContain(`value="${email}"`)
    expect((await world.platform.find('users', { where: { email: { equals: email } } })).docs).toHaveLength(0)

    const missing = await visitor.post('/signup?/signup', {})
    expect(missing.status).toBe(400)
  })

  it('accepts a code once: 5 wrong entries use it up, a used code works no more', async () => {
    showHubLogOnFailure()
    const email = newEmail('attempts')
    const visitor = new Visitor(world.hub.url)
    await visitor.post('/signup?/signup', { email, password: GOOD_PASSWORD })
    const code = await latestCode(world, email)
    const wrong = code === '999999' ? '999998' : '999999'
    for (let i = 1; i <= 4; i++) {
      const r = await visitor.post('/signup?/verify', { email, code: wrong })
      expect(r.status).toBe(400)
      expect(r.body).toContain('This code is not right. Check the latest email')
    }
    const fifth = await visitor.post('/signup?/verify', { email, code: wrong })
    expect(fifth.body).toContain('that was the last attempt')
    const right = await visitor.post('/signup?/verify', { email, code })
    expect(right.status).toBe(400)
    expect(right.body).toContain('This code has expired or can no longer be used')
    expect((await latestChallenge(email)).attempts).toBe(5)

    // A new code works, once.
    await visitor.post('/signup?/resend', { email })
    const second = await nthMail(world, email, 2)
    const fresh = /^\s*(\d{6})\s*$/m.exec(second.text)?.[1] ?? ''
    expect((await visitor.post('/signup?/verify', { email, code: fresh })).status).toBe(303)
    const again = await new Visitor(world.hub.url).post('/signup?/verify', { email, code: fresh })
    expect(again.status).toBe(400)
    expect(again.body).toContain('This code has expired or can no longer be used')
  })

  it('refuses a code past its 10 minutes', async () => {
    const email = newEmail('expiry')
    const visitor = new Visitor(world.hub.url)
    await visitor.post('/signup?/signup', { email, password: GOOD_PASSWORD })
    const code = await latestCode(world, email)
    const challenge = await latestChallenge(email)
    // Ten minutes after the send, as the cms holds it.
    expect(Date.parse(challenge.expiresAt) - Date.parse(challenge.createdAt)).toBeGreaterThanOrEqual(
      10 * 60_000 - 1000,
    )
    expect(Date.parse(challenge.expiresAt) - Date.parse(challenge.createdAt)).toBeLessThanOrEqual(
      10 * 60_000 + 1000,
    )
    await world.pool.query(
      `update email_challenges set expires_at = now() - interval '1 second' where id = $1`,
      [challenge.id],
    )
    const late = await visitor.post('/signup?/verify', { email, code })
    expect(late.status).toBe(400)
    expect(late.body).toContain('This code has expired or can no longer be used')
  })

  it('sends at most 3 mails per 15 minutes per address, known or not, then says when to retry', async () => {
    showHubLogOnFailure()
    const unknown = newEmail('limit')
    const known = 'instructor@northwind.example'
    const answers: Record<string, string[]> = { [unknown]: [], [known]: [] }
    for (const email of [unknown, known]) {
      const visitor = new Visitor(world.hub.url)
      const first = await visitor.post('/signup?/signup', { email, password: GOOD_PASSWORD })
      answers[email]?.push(normalized(first.body).replaceAll(email, 'X'))
      for (let i = 0; i < 3; i++) {
        const r = await visitor.post('/signup?/resend', { email })
        expect(r.status).toBe(200)
        answers[email]?.push(normalized(r.body).replaceAll(email, 'X'))
      }
    }
    expect(answers[known]).toEqual(answers[unknown])
    expect(answers[unknown]?.[3]).toMatch(/You asked for 3 emails in 15 minutes. Try again in 1[45] min./)
    // The mails really stopped at 3 (given time for a 4th to arrive, were there one).
    await nthMail(world, unknown, 3)
    await nthMail(world, known, 3)
    const probe = newEmail('probe')
    await new Visitor(world.hub.url).post('/signup?/signup', { email: probe, password: GOOD_PASSWORD })
    await nthMail(world, probe, 1)
    expect(await mailsTo(world, unknown)).toHaveLength(3)
    expect(await mailsTo(world, known)).toHaveLength(3)
  })
})

describe('sign-in', () => {
  it('answers an unknown email and a wrong password alike', async () => {
    const nobody = newEmail('nobody')
    const known = 'learner@northwind.example'
    const a = await new Visitor(world.hub.url).post('/login', { email: nobody, password: 'whatever 123' })
    const b = await new Visitor(world.hub.url).post('/login', { email: known, password: 'wrong 123' })
    expect(a.status).toBe(400)
    expect(b.status).toBe(400)
    expect(normalized(a.body).replaceAll(nobody, 'X')).toBe(normalized(b.body).replaceAll(known, 'X'))
    expect(b.body).toContain("We couldn't sign you in with this email and password")
  })

  it('locks the account for 10 minutes after 5 failures, with the same answer as a wrong password', async () => {
    showHubLogOnFailure()
    const email = newEmail('lockout')
    await signUp(world, email)
    const visitor = new Visitor(world.hub.url)
    const failures: string[] = []
    for (let i = 0; i < 5; i++) {
      const r = await visitor.post('/login', { email, password: `wrong password ${i}` })
      expect(r.status).toBe(400)
      failures.push(normalized(r.body))
    }
    // The right password now fails too, and the answer is the one a wrong password gets.
    const locked = await visitor.post('/login', { email, password: GOOD_PASSWORD })
    expect(locked.status).toBe(400)
    expect(normalized(locked.body)).toBe(failures[0])
    expect(locked.setCookies.some((line) => line.startsWith('lyceum_session='))).toBe(false)
    const { rows } = await world.pool.query<{ lock_until: Date; login_attempts: number }>(
      'select lock_until, login_attempts from users where email = $1',
      [email],
    )
    const until = rows[0]?.lock_until.getTime() ?? 0
    expect(until - Date.now()).toBeGreaterThan(9 * 60_000)
    expect(until - Date.now()).toBeLessThanOrEqual(10 * 60_000)
    // …and an unknown address gets exactly that answer as well.
    const ghost = newEmail('ghost')
    const unknown = await new Visitor(world.hub.url).post('/login', { email: ghost, password: GOOD_PASSWORD })
    expect(normalized(unknown.body).replaceAll(ghost, 'X')).toBe(
      normalized(locked.body).replaceAll(email, 'X'),
    )
  })

  it('rotates the session at each sign-in: the old token works no more', async () => {
    showHubLogOnFailure()
    const email = newEmail('rotate')
    const visitor = await signUp(world, email)
    const first = visitor.cookies.get('lyceum_session') ?? ''
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const login = await visitor.post('/login', { email, password: GOOD_PASSWORD })
    expect(login.status).toBe(303)
    const second = visitor.cookies.get('lyceum_session') ?? ''
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(second).not.toBe(first)
    expect((await visitor.get('/onboarding')).status).toBe(200)

    const stale = new Visitor(world.hub.url)
    stale.cookies.set('lyceum_session', first)
    expect((await stale.get('/onboarding')).location).toBe('/login?next=/onboarding')
    // Only the new session is stored, as a hash.
    const users = await world.platform.find('users', { where: { email: { equals: email } } })
    const sessions = await world.platform.find('account-sessions', {
      where: { user: { equals: users.docs[0]?.id } },
    })
    expect(sessions.docs).toHaveLength(1)
    expect(sessions.docs[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(sessions.docs[0]?.tokenHash).not.toBe(second)
  })

  it('ignores a forged session cookie', async () => {
    const visitor = new Visitor(world.hub.url)
    visitor.cookies.set('lyceum_session', 'A'.repeat(43))
    expect((await visitor.get('/onboarding')).location).toBe('/login?next=/onboarding')
  })
})

describe('password reset', () => {
  it('mails a single-use link to a known address only, answering both alike', async () => {
    showHubLogOnFailure()
    const email = newEmail('reset')
    const member = await signUp(world, email)
    const unknown = newEmail('reset-unknown')
    const a = await new Visitor(world.hub.url).post('/forgot-password', { email })
    const b = await new Visitor(world.hub.url).post('/forgot-password', { email: unknown })
    expect(a.status).toBe(200)
    expect(normalized(a.body).replaceAll(email, 'X')).toBe(normalized(b.body).replaceAll(unknown, 'X'))

    const mail = await nthMail(world, email, 2) // 1: the signup code
    expect(mail.subject).toBe('Reset your Lyceum password')
    const link = /http:\/\/localhost:8080(\/reset-password\?token=[A-Za-z0-9_%-]+)/.exec(mail.text)?.[1]
    expect(link).toBeDefined()
    const path = link ?? ''
    const token = decodeURIComponent(path.split('token=')[1] ?? '')

    const page = await new Visitor(world.hub.url).get(path)
    expect(page.status).toBe(200)
    expect(page.body).toContain('name="password"')

    const weak = await new Visitor(world.hub.url).post('/reset-password', { token, password: 'qwertyuiop' })
    expect(weak.status).toBe(400)
    expect(weak.body).toContain('This password is too common')

    const newPassword = 'a brand new passphrase 77'
    const done = await new Visitor(world.hub.url).post('/reset-password', { token, password: newPassword })
    expect(done.status).toBe(303)
    expect(done.location).toBe('/login?reset=done')
    // Sessions opened before the reset are closed.
    expect((await member.get('/onboarding')).location).toBe('/login?next=/onboarding')

    expect((await new Visitor(world.hub.url).post('/login', { email, password: GOOD_PASSWORD })).status).toBe(
      400,
    )
    expect((await new Visitor(world.hub.url).post('/login', { email, password: newPassword })).status).toBe(
      303,
    )

    const reused = await new Visitor(world.hub.url).post('/reset-password', {
      token,
      password: 'yet another passphrase 88',
    })
    expect(reused.status).toBe(400)
    expect(reused.body).toContain('This link has expired or was already used.')
    expect((await new Visitor(world.hub.url).get(path)).body).toContain(
      'This link has expired or was already used.',
    )
    expect(await mailsTo(world, unknown)).toHaveLength(0)
  })
})

describe('bad requests', () => {
  it.each([
    ['/signup?/signup', { email: 'x@example.test', password: GOOD_PASSWORD }],
    ['/login', { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }],
    ['/logout', {}],
    ['/forgot-password', { email: DEMO_ADMIN.email }],
    ['/onboarding', { name: 'x' }],
  ])('refuses a cross-origin POST to %s with 403', async (path, fields) => {
    const r = await new Visitor(world.hub.url).post(path, fields, 'https://evil.example')
    expect(r.status).toBe(403)
  })

  it('shows no stack trace for a malformed body', async () => {
    const response = await fetch(`${world.hub.url}/login`, {
      method: 'POST',
      headers: {
        'x-forwarded-proto': 'http',
        origin: world.hub.url,
        'content-type': 'multipart/form-data; boundary=broken',
      },
      body: '--nope',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).not.toMatch(/at .*\.(js|ts):\d+/)
  })
})
