import { describe, expect, it } from 'vitest'
import { passwordProblem } from './password.ts'

describe('passwordProblem', () => {
  const table: Array<[string, string, string | null]> = [
    ['7 characters', 'abcdefg', 'too_short'],
    ['8 characters, not common', 'kq8#vd2!', null],
    ['8 accented characters count as 8', 'éàüîôçèë', null],
    ['no composition rules: lowercase letters only', 'correct horse battery staple', null],
    ['a common password', 'password1', 'common'],
    ['a common password in capitals', 'PASSWORD1', 'common'],
    ['another common one', 'iloveyou', 'common'],
    ['257 characters', 'x'.repeat(257), 'too_long'],
  ]
  it.each(table)('%s', (_, password, problem) => {
    expect(passwordProblem(password)).toBe(problem)
  })
})
