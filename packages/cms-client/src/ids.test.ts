import { describe, expect, it } from 'vitest'
import { idOf } from './ids.ts'

describe('idOf', () => {
  it.each([
    ['an id', 'abc', 'abc'],
    ['a numeric id', 7, '7'],
    ['a populated document', { id: 'abc', title: 'x' }, 'abc'],
    ['a document with a numeric id', { id: 7 }, '7'],
    ['an empty string', '', null],
    ['null', null, null],
    ['undefined', undefined, null],
    ['a document without an id', { title: 'x' }, null],
  ])('reads %s', (_, value, expected) => {
    expect(idOf(value)).toBe(expected)
  })
})
