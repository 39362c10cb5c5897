import { describe, expect, it } from 'vitest'
import type { LessonItem, SectionOutline } from './catalog.ts'
import { lessonsInOrder, neighbours, progressOf, resumeLesson } from './learning.ts'

const lesson = (id: string): LessonItem => ({
  id,
  slug: `lesson-${id}`,
  title: `Lesson ${id}`,
  durationSeconds: 60,
})
const section = (id: string, ids: string[]): SectionOutline => ({
  id,
  title: id,
  lessons: ids.map(lesson),
  durationSeconds: ids.length * 60,
})
const outline = { sections: [section('s1', ['a', 'b']), section('s2', []), section('s3', ['c', 'd', 'e'])] }
const empty = { sections: [section('s1', [])] }

describe('progressOf', () => {
  it.each([
    { done: [], expected: { done: 0, total: 5, percent: 0 } },
    { done: ['a'], expected: { done: 1, total: 5, percent: 20 } },
    { done: ['a', 'b', 'c'], expected: { done: 3, total: 5, percent: 60 } },
    { done: ['a', 'b', 'c', 'd', 'e'], expected: { done: 5, total: 5, percent: 100 } },
    // A completed lesson since removed from the course does not count.
    { done: ['a', 'gone'], expected: { done: 1, total: 5, percent: 20 } },
  ])('$done → $expected.percent %', ({ done, expected }) => {
    expect(progressOf(outline, new Set(done))).toEqual(expected)
  })

  it('rounds down, so 100 % means every lesson', () => {
    const three = { sections: [section('s', ['x', 'y', 'z'])] }
    expect(progressOf(three, new Set(['x', 'y'])).percent).toBe(66)
  })

  it('is 0 % of 0 for a course without lessons', () => {
    expect(progressOf(empty, new Set())).toEqual({ done: 0, total: 0, percent: 0 })
  })
})

describe('resumeLesson', () => {
  it.each([
    { last: null, done: [], expected: 'a', why: 'nothing opened: the first lesson' },
    { last: 'c', done: ['a', 'b'], expected: 'c', why: 'the last lesson opened, not done' },
    { last: 'c', done: ['a', 'b', 'c'], expected: 'd', why: 'the last opened is done: the next not done' },
    { last: 'e', done: ['c', 'd', 'e'], expected: 'a', why: 'done to the end: the first not done before' },
    { last: 'gone', done: ['a'], expected: 'b', why: 'a removed lesson: the first not done' },
    { last: 'b', done: ['a', 'b', 'c', 'd', 'e'], expected: 'a', why: 'all done: the first lesson' },
  ])('$why', ({ last, done, expected }) => {
    expect(resumeLesson(outline, last, new Set(done))?.id).toBe(expected)
  })

  it('is null for a course without lessons', () => {
    expect(resumeLesson(empty, null, new Set())).toBeNull()
  })
})

describe('neighbours', () => {
  it('crosses sections, skipping empty ones', () => {
    expect(lessonsInOrder(outline).map((l) => l.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(neighbours(outline, 'b')).toEqual({ previous: lesson('a'), next: lesson('c') })
  })

  it('has no previous at the start and no next at the end', () => {
    expect(neighbours(outline, 'a')).toEqual({ previous: null, next: lesson('b') })
    expect(neighbours(outline, 'e')).toEqual({ previous: lesson('d'), next: null })
  })

  it('has neither for a lesson not in the course', () => {
    expect(neighbours(outline, 'x')).toEqual({ previous: null, next: null })
  })
})
