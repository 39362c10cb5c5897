'use server'

import { isCmsError } from '@lyceum/cms-client'
import { MailError, type Mailer, passwordReset, sendTemplate } from '@lyceum/mail'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { cms, getTenant, isCmsOutage } from '../../lib/cms.ts'
import { seatUsage } from '../../lib/learning.ts'
import { getMailer, publicUrl } from '../../lib/mail.ts'
import { memberFromToken, SESSION_COOKIE, safeNextPath, sessionCookieOptions } from '../../lib/session.ts'

/**
 * Sign-in, sign-out and password reset, as server actions: plain form POSTs that work without
 * JavaScript. Answers never tell a known email from an unknown one, nor a member of this school
 * from someone who belongs only to another.
 */

/** What a form shows after a failed submission: a form error and/or field errors (codes). */
export type FormState = {
  error?: 'credentials' | 'unavailable' | 'token' | 'full' | 'taken' | 'closed' | null
  fields?: Partial<
    Record<'email' | 'password' | 'confirm' | 'name', 'required' | 'invalid' | 'short' | 'mismatch' | 'long'>
  >
  email?: string
  sent?: boolean
}

/** Shortest password accepted when setting one. */
const MIN_PASSWORD_LENGTH = 10

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email())

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** `POST /login`: the cms checks the password; the session cookie is set for members of this school. */
export async function signIn(_prev: FormState, form: FormData): Promise<FormState> {
  const rawEmail = text(form, 'email').slice(0, 254)
  const password = text(form, 'password')
  const fields: FormState['fields'] = {}
  const email = emailSchema.safeParse(rawEmail)
  if (!rawEmail.trim()) fields.email = 'required'
  else if (!email.success) fields.email = 'invalid'
  if (!password) fields.password = 'required'
  if (!email.success || !password) return { fields, email: rawEmail }
  let session: { token: string; exp: number }
  try {
    const school = await getTenant()
    const { token, exp } = await cms().login(email.data, password)
    const member = await memberFromToken(school, token)
    if (!member) {
      // Someone of another school: same answer as a wrong password, and their session is ended.
      await cms()
        .withAuth({ token })
        .logout()
        .catch(() => undefined)
      return { error: 'credentials', email: rawEmail }
    }
    session = { token, exp }
  } catch (error) {
    if (isCmsError(error) && ['unauthorized', 'validation', 'forbidden'].includes(error.code)) {
      return { error: 'credentials', email: rawEmail }
    }
    if (isCmsOutage(error)) return { error: 'unavailable', email: rawEmail }
    throw error
  }
  ;(await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(session.exp - Date.now() / 1000))
  redirect(safeNextPath(text(form, 'next')))
}

/** `POST` from the header's "Sign out": ends the cms session and removes the cookie. */
export async function signOut(): Promise<void> {
  const jar = await cookies()
  const token = jar.get(SESSION_COOKIE)?.value
  if (token) {
    await cms()
      .withAuth({ token })
      .logout()
      .catch(() => undefined) // an expired or foreign token: nothing to end
  }
  jar.delete({ name: SESSION_COOKIE, path: '/' })
  redirect('/')
}

/**
 * `POST /forgot-password`: mails a link to `<this school>/reset-password?token=…` when the email
 * is an account of this school only (the cms's `school-reset-token`, decision 061); the same
 * answer for any email, and a failed send is only logged. Without SMTP, the cms's own reset.
 */
export async function requestPasswordReset(_prev: FormState, form: FormData): Promise<FormState> {
  const rawEmail = text(form, 'email').slice(0, 254)
  const email = emailSchema.safeParse(rawEmail)
  if (!email.success) return { fields: { email: rawEmail.trim() ? 'invalid' : 'required' }, email: rawEmail }
  try {
    const mail = getMailer()
    if (mail) await mailResetLink(mail, email.data)
    else await cms().forgotPassword(email.data) // no SMTP here: the cms's own (logged) reset
  } catch (error) {
    if (isCmsError(error) && !error.retryable) return { sent: true, email: rawEmail }
    if (isCmsOutage(error)) return { error: 'unavailable', email: rawEmail }
    throw error
  }
  return { sent: true, email: rawEmail }
}

async function mailResetLink(mail: Mailer, email: string): Promise<void> {
  const token = await cms().schoolResetToken(email)
  if (!token) return
  const school = await getTenant()
  try {
    await sendTemplate(
      mail,
      email,
      passwordReset({
        locale: school.locale,
        resetUrl: publicUrl(`/reset-password?token=${encodeURIComponent(token)}`),
        expiresInMinutes: 60,
        productName: school.name,
      }),
    )
  } catch (error) {
    if (!(error instanceof MailError)) throw error
    console.error(`tenant-app: the password reset mail failed: ${error.message}`)
  }
}

/** `POST /reset-password`: sets a new password with the one-time token from the email. */
export async function resetPassword(_prev: FormState, form: FormData): Promise<FormState> {
  const token = text(form, 'token').trim()
  const password = text(form, 'password')
  const confirm = text(form, 'confirm')
  const fields: FormState['fields'] = {}
  if (!password) fields.password = 'required'
  else if (password.length < MIN_PASSWORD_LENGTH) fields.password = 'short'
  if (password && confirm !== password) fields.confirm = 'mismatch'
  if (!token || token.length > 200) return { error: 'token' }
  if (Object.keys(fields).length > 0) return { fields }
  try {
    await cms().resetPassword(token, password)
  } catch (error) {
    if (isCmsError(error) && !error.retryable) return { error: 'token' }
    if (isCmsOutage(error)) return { error: 'unavailable' }
    throw error
  }
  redirect('/login?reset=1')
}

/**
 * `POST /signup`, when the school allows self-signup: creates a learner account in this school
 * with the tenant key (the cms lets a school's key add learners to its own school only), then
 * signs it in. Refused while the school has no free seat. An email that already has an account
 * gets "sign in instead" (the cms's unique email), never a second account.
 */
export async function signUp(_prev: FormState, form: FormData): Promise<FormState> {
  const name = text(form, 'name').trim()
  const rawEmail = text(form, 'email').slice(0, 254)
  const password = text(form, 'password')
  const fields: FormState['fields'] = {}
  const email = emailSchema.safeParse(rawEmail)
  if (!name) fields.name = 'required'
  else if (name.length > 120) fields.name = 'long'
  if (!rawEmail.trim()) fields.email = 'required'
  else if (!email.success) fields.email = 'invalid'
  if (!password) fields.password = 'required'
  else if (password.length < MIN_PASSWORD_LENGTH) fields.password = 'short'
  if (Object.keys(fields).length > 0 || !email.success) return { fields, email: rawEmail }
  let session: { token: string; exp: number }
  try {
    const school = await getTenant()
    if (!school.allowSelfSignup) return { error: 'closed', email: rawEmail }
    const { seats, members } = await seatUsage(school)
    if (seats !== null && members >= seats) return { error: 'full', email: rawEmail }
    try {
      await cms().create('users', {
        email: email.data,
        password,
        name,
        memberships: [{ tenant: school.id, role: 'learner' }],
      })
    } catch (error) {
      if (isCmsError(error) && error.code === 'validation') return { error: 'taken', email: rawEmail }
      throw error
    }
    session = await cms().login(email.data, password)
  } catch (error) {
    if (isCmsOutage(error)) return { error: 'unavailable', email: rawEmail }
    throw error
  }
  ;(await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(session.exp - Date.now() / 1000))
  redirect('/my-learning')
}
