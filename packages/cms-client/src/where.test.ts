import { describe, expect, it } from 'vitest'
import type { Where } from './types.ts'
import { normalizeWhere } from './where.ts'

describe('normalizeWhere', () => {
  it('keeps a well-formed query as it is', () => {
    const where: Where = {
      tenant: { equals: 't1' },
      and: [
        { published: { equals: true } },
        { or: [{ slug: { like: 'a' } }, { order: { greater_than: 2 } }] },
      ],
    }
    expect(normalizeWhere(where)).toEqual(where)
  })

  it('turns an empty or into a condition that matches nothing', () => {
    expect(normalizeWhere({ or: [] })).toEqual({ or: [{ id: { in: [] } }] })
    expect(normalizeWhere({ and: [{ a: { equals: 1 } }, { or: [] }] })).toEqual({
      and: [{ a: { equals: 1 } }, { or: [{ id: { in: [] } }] }],
    })
  })

  it('keeps an empty and (it matches everything, as it should)', () => {
    expect(normalizeWhere({ and: [] })).toEqual({ and: [] })
  })

  it('drops undefined members and does not change its argument', () => {
    const where: Where = { a: { equals: 1 }, b: undefined, or: [] }
    expect(normalizeWhere(where)).toEqual({ a: { equals: 1 }, or: [{ id: { in: [] } }] })
    expect(where).toEqual({ a: { equals: 1 }, b: undefined, or: [] })
  })

  const refused: Array<[label: string, where: unknown, message: RegExp]> = [
    ['an unknown operator (a typo the cms would ignore)', { slug: { equal: 'x' } }, /"equal"/],
    ['an operator Payload has but the client does not allow', { slug: { near: '1,2' } }, /"near"/],
    ['a bare value instead of operators', { slug: 'x' }, /slug must be an object of operators/],
    ['an array as a field condition', { slug: ['x'] }, /slug must be an object of operators/],
    ['and that is not an array', { and: { a: { equals: 1 } } }, /and must be an array/],
    [
      'a nested malformed branch',
      { or: [{ a: { equals: 1 } }, { b: { nope: 1 } }] },
      /or\[1\]\.b uses "nope"/,
    ],
    ['a non-object query', 'slug=x', /\(root\) must be a plain object/],
  ]

  it.each(refused)('refuses %s', (_label, where, message) => {
    expect(() => normalizeWhere(where as Where)).toThrow(TypeError)
    expect(() => normalizeWhere(where as Where)).toThrow(message)
  })
})
