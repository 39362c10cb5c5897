/** What the account routes share: the service or a 503, and the mapping of outages to a 503. */
import { isCmsError } from '@lyceum/cms-client'
import { MailError } from '@lyceum/mail'
import { error, fail } from '@sveltejs/kit'
import { m } from '../../paraglide/messages.js'
import { accounts } from './runtime.ts'
import type { Accounts } from './service.ts'

/** The accounts service. @throws a 503 page when the hub runs without a platform key. */
export function requireAccounts(): Accounts {
  if (!accounts) error(503, m.account_unavailable())
  return accounts
}

/**
 * Runs `work`; when the cms or the SMTP server fails, logs it and answers the form with a 503
 * and a polite message, keeping what was typed (`values`). Any other error is a bug: it goes
 * to handleError (logged, generic page, no stack).
 */
export async function orUnavailable<T>(values: Record<string, string>, work: () => Promise<T>) {
  try {
    return await work()
  } catch (err) {
    if (isCmsError(err) || err instanceof MailError) {
      console.warn('[hub] accounts: the cms or SMTP failed', err)
      return fail(503, { values, errors: {}, message: m.account_unavailable() })
    }
    throw err
  }
}

/** Whole minutes from now until `date`, at least 1. */
export function minutesUntil(date: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000))
}
