import { describe, expect, it } from 'vitest'
import { lexicalToMarkdown, markdownToLexical } from './markdown.ts'

type N = {
  type: string
  children?: N[]
  text?: string
  format?: number
  tag?: string
  listType?: string
  fields?: { url: string }
}
const blocks = (md: string) => (markdownToLexical(md)?.root.children ?? []) as unknown as N[]

describe('markdownToLexical', () => {
  it('returns null for a blank body', () => {
    expect(markdownToLexical('')).toBeNull()
    expect(markdownToLexical(' \n\n  \n')).toBeNull()
  })

  it('makes headings, paragraphs with line breaks, lists, quotes and rules', () => {
    const out = blocks(
      '# Title\n\nFirst line\nsecond line\n\n- one\n- two\n\n1. a\n2. b\n\n> said\n\n---\n### Small',
    )
    expect(out.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'quote',
      'horizontalrule',
      'heading',
    ])
    expect(out[0]?.tag).toBe('h1')
    expect(out[6]?.tag).toBe('h3')
    expect(out[1]?.children?.map((c) => c.type)).toEqual(['text', 'linebreak', 'text'])
    expect(out[2]?.listType).toBe('bullet')
    expect(out[2]?.children?.map((li) => li.children?.[0]?.text)).toEqual(['one', 'two'])
    expect(out[3]?.listType).toBe('number')
    expect(out[4]?.children?.[0]?.text).toBe('said')
  })

  it('marks bold, italic and code with Lexical format bits and makes links', () => {
    const [p] = blocks('a **bold** and *it* and _it2_ with `x<y` see [docs](https://example.com/a?b=1).')
    const parts = p?.children ?? []
    expect(parts.find((c) => c.text === 'bold')?.format).toBe(1)
    expect(parts.find((c) => c.text === 'it')?.format).toBe(2)
    expect(parts.find((c) => c.text === 'it2')?.format).toBe(2)
    expect(parts.find((c) => c.text === 'x<y')?.format).toBe(16)
    const link = parts.find((c) => c.type === 'link')
    expect(link?.fields?.url).toBe('https://example.com/a?b=1')
    expect(link?.children?.[0]?.text).toBe('docs')
  })

  it('keeps unsafe links and unknown syntax as plain text (nothing is lost)', () => {
    const md = 'click [me](javascript:alert(1)) or <b>raw</b>'
    const [p] = blocks(md)
    expect(p?.children?.every((c) => c.type === 'text')).toBe(true)
    expect(p?.children?.map((c) => c.text).join('')).toBe(md)
  })
})

describe('lexicalToMarkdown', () => {
  it('round-trips the subset', () => {
    const md =
      '## Why it matters\n\nPlain **bold** *italic* `code` and [a link](https://example.com)\nnext line\n\n- one\n- **two**\n\n1. first\n2. second\n\n> quoted\n\n---\n\nEnd.'
    expect(lexicalToMarkdown(markdownToLexical(md))).toBe(md)
  })

  it('reads nothing from empty or malformed values', () => {
    expect(lexicalToMarkdown(null)).toBe('')
    expect(lexicalToMarkdown({ root: 'x' })).toBe('')
    expect(lexicalToMarkdown('text')).toBe('')
  })

  it('keeps the text of nodes the subset cannot express', () => {
    const doc = {
      root: {
        type: 'root',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'under', format: 8 },
              { type: 'mystery', children: [{ type: 'text', text: '!' }] },
            ],
          },
          {
            type: 'list',
            listType: 'bullet',
            children: [
              {
                type: 'listitem',
                children: [
                  {
                    type: 'list',
                    listType: 'bullet',
                    children: [{ type: 'listitem', children: [{ type: 'text', text: 'deep' }] }],
                  },
                ],
              },
            ],
          },
        ],
      },
    }
    expect(lexicalToMarkdown(doc)).toBe('under!\n\n- deep')
  })
})
