import { describe, expect, it } from 'vitest'
import { findUnguardedLocalApiCalls } from './localApi.ts'

const check = (source: string) => findUnguardedLocalApiCalls('x.ts', source)

describe('findUnguardedLocalApiCalls', () => {
  it.each([
    ['user without overrideAccess', `await payload.find({ collection: 'courses', user })`, 1],
    ['req without overrideAccess', `await req.payload.update({ collection: 'courses', id, data, req })`, 1],
    [
      'user with overrideAccess false',
      `await payload.find({ collection: 'courses', user, overrideAccess: false })`,
      0,
    ],
    [
      'req with overrideAccess true',
      `await req.payload.create({ collection: 'audit-log', data, req, overrideAccess: true })`,
      0,
    ],
    ['no user, no req', `await payload.count({ collection: 'plans' })`, 0],
    ['non-literal argument', `await payload.find(args)`, 1],
    ['spread argument', `await payload.find({ ...args, overrideAccess: false })`, 1],
    ['other receivers are ignored', `await client.find({ user })`, 0],
    ['quoted keys count', `await payload.findByID({ 'user': u, 'overrideAccess': false, id })`, 0],
  ])('%s', (_name, source, count) => {
    expect(check(source)).toHaveLength(count)
  })

  it('reports the line and the call', () => {
    const findings = check(`const a = 1\n\nawait this.payload.delete({ collection: 'x', id, user })`)
    expect(findings).toEqual([
      {
        file: 'x.ts',
        line: 3,
        call: 'this.payload.delete',
        problem: 'passes user without an explicit overrideAccess',
      },
    ])
  })
})
