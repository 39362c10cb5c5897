import { ValidationError } from 'payload'
import { describe, expect, it } from 'vitest'
import { fieldErrors, refuseChanges } from './fieldErrors.ts'

const fail = fieldErrors({}, { slug: 'reports' })

/** What refuseChanges threw (path and message of the one field error), or null. */
function refused(run: () => void): { path: string; message: string } | null {
  try {
    run()
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    const { data, status } = error as ValidationError
    expect(status).toBe(400)
    expect(data.collection).toBe('reports')
    expect(data.errors).toHaveLength(1)
    return data.errors[0] as { path: string; message: string }
  }
}

describe('fieldErrors', () => {
  it('builds a 400 ValidationError for one field of the collection', () => {
    const error = fail('reason', 'Say why.')
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.status).toBe(400)
    expect(error.data).toMatchObject({
      collection: 'reports',
      errors: [{ path: 'reason', message: 'Say why.' }],
    })
  })
})

describe('refuseChanges', () => {
  const originalDoc = { lesson: 'l1', reason: 'spam', tags: ['a', 'b'] }

  it('lets absent fields and the stored value sent again through', () => {
    expect(
      refused(() =>
        refuseChanges({
          data: { reason: 'spam', other: 'x' },
          originalDoc,
          fields: ['lesson', 'reason'],
          fail,
          message: 'no',
        }),
      ),
    ).toBeNull()
  })

  it('compares relationships by id by default: a populated document with the same id is no change', () => {
    const run = (lesson: unknown) => () =>
      refuseChanges({
        data: { lesson },
        originalDoc,
        fields: ['lesson'],
        fail,
        message: (f) => `The ${f} is fixed.`,
      })
    expect(refused(run({ id: 'l1', title: 'Intro' }))).toBeNull()
    expect(refused(run('l2'))).toEqual({ path: 'lesson', message: 'The lesson is fixed.' })
    expect(refused(run(null))).toEqual({ path: 'lesson', message: 'The lesson is fixed.' })
  })

  it('compares as JSON when asked, naming the first changed field', () => {
    const run = (data: Record<string, unknown>) => () =>
      refuseChanges({
        data,
        originalDoc,
        fields: ['reason', 'tags'],
        fail,
        message: 'Fixed.',
        compare: 'json',
      })
    expect(refused(run({ tags: ['a', 'b'] }))).toBeNull()
    expect(refused(run({ tags: ['b', 'a'] }))).toEqual({ path: 'tags', message: 'Fixed.' })
    expect(refused(run({ reason: 'abuse', tags: [] }))).toEqual({ path: 'reason', message: 'Fixed.' })
  })

  it('refuses any value when there is no stored document', () => {
    expect(
      refused(() =>
        refuseChanges({
          data: { reason: 'x' },
          originalDoc: undefined,
          fields: ['reason'],
          fail,
          message: 'no',
        }),
      ),
    ).toEqual({ path: 'reason', message: 'no' })
  })
})
