'use server'

import { isCmsError } from '@lyceum/cms-client'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { cms, getTenant, isCmsOutage } from '../../lib/cms.ts'
import { seatUsage } from '../../lib/learning.ts'
import { findOpenInvitation, markAccepted } from '../../lib/members.ts'
import {
  getMember,
  memberFromToken,
  roleIn,
  SESSION_COOKIE,
  sessionCookieOptions,
} from '../../lib/session.ts'

/**
 * Accepting an invitation on `/invitations/<token>` (decision 060): with a new account, with the
 * existing account of the invited email, or, already signed in here as that email, at once.
 * Every path re-reads the invitation with the tenant key: an unknown, expired or used token gets
 * `invalid`, the page's one "no longer valid" answer.
 */

/** What the accept forms show after a failed submission. */
export type AcceptState = {
  error?: 'invalid' | 'full' | 'taken' | 'credentials' | 'unavailable' | null
  fields?: Partial<Record<'name' | 'password', 'required' | 'short' | 'long'>>
}

/** Shortest password accepted (the same rule as signup and reset). */
const MIN_PASSWORD_LENGTH = 10

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

async function signInAs(email: string, password: string): Promise<void> {
  const session = await cms().login(email, password)
  ;(await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(session.exp - Date.now() / 1000))
}

/**
 * `POST`: creates the invited person's account as a learner of this school (all a school's key may
 * create), then accepts: the cms raises the role to the invitation's. Then signs it in.
 */
export async function acceptWithNewAccount(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const token = text(form, 'token').slice(0, 100)
  const name = text(form, 'name').trim()
  const password = text(form, 'password')
  const fields: AcceptState['fields'] = {}
  if (!name) fields.name = 'required'
  else if (name.length > 120) fields.name = 'long'
  if (!password) fields.password = 'required'
  else if (password.length < MIN_PASSWORD_LENGTH) fields.password = 'short'
  if (Object.keys(fields).length > 0) return { fields }
  try {
    const school = await getTenant()
    const invitation = await findOpenInvitation(school, token)
    if (!invitation) return { error: 'invalid' }
    const { seats, members } = await seatUsage(school)
    if (seats !== null && members >= seats) return { error: 'full' }
    let userId: string
    try {
      const user = await cms().create('users', {
        email: invitation.email,
        password,
        name,
        memberships: [{ tenant: school.id, role: 'learner' }],
      })
      userId = user.id
    } catch (error) {
      if (isCmsError(error) && error.code === 'validation') return { error: 'taken' }
      if (isCmsError(error) && error.code === 'conflict') return { error: 'full' } // the cms's seat check
      throw error
    }
    await markAccepted(invitation.id, userId)
    await signInAs(invitation.email, password)
  } catch (error) {
    if (isCmsOutage(error)) return { error: 'unavailable' }
    throw error
  }
  redirect('/')
}

/**
 * `POST`: the invited email's existing account (from another school) joins this one as a
 * learner. The password is checked by the cms; the membership is added with the tenant key,
 * which the cms allows only for the email of an open invitation of this school.
 */
export async function acceptWithExistingAccount(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const token = text(form, 'token').slice(0, 100)
  const password = text(form, 'password')
  if (!password) return { fields: { password: 'required' } }
  try {
    const school = await getTenant()
    const invitation = await findOpenInvitation(school, token)
    if (!invitation) return { error: 'invalid' }
    let session: { token: string; exp: number }
    try {
      session = await cms().login(invitation.email, password)
    } catch (error) {
      if (isCmsError(error) && ['unauthorized', 'validation', 'forbidden'].includes(error.code)) {
        return { error: 'credentials' }
      }
      throw error
    }
    const user = await cms().withAuth({ token: session.token }).me()
    if (!user) return { error: 'credentials' }
    if (!roleIn(user, school.id)) {
      const { seats, members } = await seatUsage(school)
      if (seats !== null && members >= seats) return { error: 'full' }
      // The key sees only this school's rows: the cms keeps the person's other memberships.
      try {
        await cms().update('users', user.id, {
          memberships: [{ tenant: school.id, role: 'learner' }],
        } as never)
      } catch (error) {
        if (isCmsError(error) && error.code === 'conflict') return { error: 'full' } // the cms's seat check
        throw error
      }
    }
    await markAccepted(invitation.id, user.id)
    if (!(await memberFromToken(school, session.token))) return { error: 'unavailable' }
    ;(await cookies()).set(
      SESSION_COOKIE,
      session.token,
      sessionCookieOptions(session.exp - Date.now() / 1000),
    )
  } catch (error) {
    if (isCmsOutage(error)) return { error: 'unavailable' }
    throw error
  }
  redirect('/')
}

/** `POST`: already signed in here with the invited email (a member already): marks it used. */
export async function acceptAsMember(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const token = text(form, 'token').slice(0, 100)
  try {
    const [school, member] = await Promise.all([getTenant(), getMember()])
    const invitation = await findOpenInvitation(school, token)
    if (!invitation || !member || member.email !== invitation.email) return { error: 'invalid' }
    await markAccepted(invitation.id, member.id)
  } catch (error) {
    if (isCmsOutage(error)) return { error: 'unavailable' }
    throw error
  }
  redirect('/')
}
