/**
 * The password policy (NIST SP 800-63B style): at least 8 characters, no composition rules, and
 * not one of the common passwords of `@zxcvbn-ts/language-common` (its `passwords-common` list,
 * about 49,000 entries from real breaches), compared case-insensitively.
 */
import { dictionary } from '@zxcvbn-ts/language-common'

export const PASSWORD_MIN_LENGTH = 8
/** An upper bound so a megabyte "password" cannot keep the hasher busy. */
export const PASSWORD_MAX_LENGTH = 256

let common: Set<string> | null = null
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()))
  return common
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common'

/**
 * @returns null when the password is acceptable, else what is wrong with it. Length counts
 *   characters (code points), so `'éééééééé'` is 8.
 */
export function passwordProblem(password: string): PasswordProblem | null {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return 'too_short'
  if (length > PASSWORD_MAX_LENGTH) return 'too_long'
  if (commonPasswords().has(password.toLowerCase())) return 'common'
  return null
}
