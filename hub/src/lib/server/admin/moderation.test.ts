import { describe, expect, it } from 'vitest'
import { decisionFormSchema, excerptOf } from './moderation.ts'

const doc = (...paragraphs: string[][]) => ({
  root: {
    type: 'root',
    children: paragraphs.map((texts) => ({
      type: 'paragraph',
      children: texts.map((text) => ({ type: 'text', text })),
    })),
  },
})

describe('excerptOf', () => {
  it('joins the text of every paragraph with single spaces', () => {
    expect(excerptOf(doc(['Start with ', 'the reader.'], ['Then the task.']))).toBe(
      'Start with the reader. Then the task.',
    )
  })

  it('cuts long text at the limit with an ellipsis', () => {
    const excerpt = excerptOf(doc(['a'.repeat(50)]), 10)
    expect(excerpt).toBe(`${'a'.repeat(9)}…`)
    expect(excerpt).toHaveLength(10)
  })

  it('answers null for no content or only blank text', () => {
    expect(excerptOf(null)).toBeNull()
    expect(excerptOf({})).toBeNull()
    expect(excerptOf(doc(['  ']))).toBeNull()
  })
})

describe('decisionFormSchema', () => {
  const item = 'lesson:0b8a3c8e-3f7e-4b7c-9d5e-1f2a3b4c5d6e'
  it.each([
    [{ item, decision: 'unpublish', confirm: 'yes' }, true],
    [{ item: item.replace('lesson', 'media'), decision: 'dismiss', confirm: 'yes' }, true],
    [{ item, decision: 'unpublish' }, false],
    [{ item, decision: 'delete', confirm: 'yes' }, false],
    [{ item: 'course:0b8a3c8e-3f7e-4b7c-9d5e-1f2a3b4c5d6e', decision: 'dismiss', confirm: 'yes' }, false],
    [{ item: 'lesson:1', decision: 'dismiss', confirm: 'yes' }, false],
  ])('%j → valid: %s', (form, valid) => {
    expect(decisionFormSchema.safeParse(form).success).toBe(valid)
  })
})
