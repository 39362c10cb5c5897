import { describe, expect, it } from 'vitest'
import { canTeach, isTeachPath, reorder, slugify, uniqueSlug } from './authoring.ts'

describe('slugify', () => {
  it('drops accents and punctuation, keeps single hyphens', () => {
    expect(slugify('Field Notes: Écrire 101')).toBe('field-notes-ecrire-101')
    expect(slugify('  --Hello,   World!!  ')).toBe('hello-world')
    expect(slugify('Ça coûte 5 € ?')).toBe('ca-coute-5')
  })
  it('falls back when nothing is left, and cuts long titles without a trailing hyphen', () => {
    expect(slugify('日本語')).toBe('course')
    expect(slugify('!!!', 'lesson')).toBe('lesson')
    const long = slugify(`${'a'.repeat(79)} b`)
    expect(long).toBe('a'.repeat(79))
    expect(long).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  })
})

describe('uniqueSlug', () => {
  it('appends the first free number', () => {
    expect(uniqueSlug('intro', new Set())).toBe('intro')
    expect(uniqueSlug('intro', new Set(['intro', 'intro-2']))).toBe('intro-3')
  })
})

describe('reorder', () => {
  const items = [
    { id: 'a', order: 0 },
    { id: 'b', order: 1 },
    { id: 'c', order: 2 },
  ]
  it('swaps with the neighbour and writes only what changed', () => {
    expect(reorder(items, 'c', 'up')).toEqual([
      { id: 'c', order: 1 },
      { id: 'b', order: 2 },
    ])
    expect(reorder(items, 'a', 'down')).toEqual([
      { id: 'b', order: 0 },
      { id: 'a', order: 1 },
    ])
  })
  it('does nothing past the ends or for an unknown id', () => {
    expect(reorder(items, 'a', 'up')).toEqual([])
    expect(reorder(items, 'c', 'down')).toEqual([])
    expect(reorder(items, 'zz', 'up')).toEqual([])
  })
  it('repairs duplicate orders', () => {
    const dup = [
      { id: 'a', order: 0 },
      { id: 'b', order: 0 },
      { id: 'c', order: 0 },
    ]
    expect(reorder(dup, 'b', 'down')).toEqual([
      { id: 'c', order: 1 },
      { id: 'b', order: 2 },
    ])
  })
})

describe('who may author', () => {
  it('is instructors and admins', () => {
    expect(canTeach({ role: 'instructor' })).toBe(true)
    expect(canTeach({ role: 'admin' })).toBe(true)
    expect(canTeach({ role: 'learner' })).toBe(false)
    expect(canTeach(null)).toBe(false)
  })
  it('knows the /teach paths', () => {
    expect(isTeachPath('/teach')).toBe(true)
    expect(isTeachPath('/teach/courses/x')).toBe(true)
    expect(isTeachPath('/teacher')).toBe(false)
  })
})
