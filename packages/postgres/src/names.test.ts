import { describe, expect, it } from 'vitest'
import { assertDatabaseName, describeServer, quoteIdentifier, withDatabase } from './names.ts'

describe('database names', () => {
  it.each(['postgres', 'lyceum_tpl_0123456789ab', 'a', '9lives', 'x'.repeat(63)])('accepts %s', (name) => {
    expect(quoteIdentifier(name)).toBe(`"${name}"`)
  })

  it.each(['', 'Upper', 'with-dash', 'semi;colon', 'quo"te', 'x'.repeat(64), 'école', 'a b'])(
    'refuses %j with a message saying what is allowed',
    (name) => {
      expect(() => assertDatabaseName(name)).toThrow(/lowercase letters, digits or underscores/)
    },
  )
})

describe('withDatabase', () => {
  it('swaps only the database, keeping credentials, host, port and parameters', () => {
    expect(withDatabase('postgres://u:p%40ss@db.example:6543/app?sslmode=require', 'other')).toBe(
      'postgres://u:p%40ss@db.example:6543/other?sslmode=require',
    )
  })

  it('adds a database to a URL that has none', () => {
    expect(withDatabase('postgres://u:p@127.0.0.1:5432', 'x')).toBe('postgres://u:p@127.0.0.1:5432/x')
  })

  it('refuses an invalid name', () => {
    expect(() => withDatabase('postgres://u:p@h/db', 'Bad')).toThrow(/Invalid database name/)
  })
})

describe('describeServer', () => {
  it('gives host:port and never the password', () => {
    const text = describeServer('postgres://user:secret@db.example:6543/app')
    expect(text).toBe('db.example:6543')
    expect(describeServer('postgres://user:secret@db.example/app')).toBe('db.example:5432')
  })
})
