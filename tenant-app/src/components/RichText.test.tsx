import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RichText, safeHref } from './RichText.tsx'

const text = (t: string, format = 0) => ({ type: 'text', text: t, format, version: 1 })
const doc = (...children: unknown[]) => ({ root: { type: 'root', children } })
const html = (content: unknown) => renderToStaticMarkup(<RichText content={content} />)

describe('RichText (Lexical → HTML)', () => {
  it('renders headings, paragraphs, quotes and lists', () => {
    expect(
      html(
        doc(
          { type: 'heading', tag: 'h2', children: [text('Why')] },
          { type: 'paragraph', children: [text('Plain '), text('bold', 1), text(' and '), text('code', 16)] },
          { type: 'quote', children: [text('Said')] },
          { type: 'list', listType: 'number', children: [{ type: 'listitem', children: [text('One')] }] },
          { type: 'list', listType: 'bullet', children: [{ type: 'listitem', children: [text('Dot')] }] },
        ),
      ),
    ).toBe(
      '<h2><span>Why</span></h2><p><span>Plain </span><span><strong>bold</strong></span><span> and </span>' +
        '<span><code>code</code></span></p><blockquote><span>Said</span></blockquote>' +
        '<ol><li><span>One</span></li></ol><ul><li><span>Dot</span></li></ul>',
    )
  })

  it('escapes text: content cannot inject markup', () => {
    expect(html(doc({ type: 'paragraph', children: [text('<script>alert(1)</script>')] }))).toBe(
      '<p><span>&lt;script&gt;alert(1)&lt;/script&gt;</span></p>',
    )
  })

  it('keeps safe links and drops dangerous ones', () => {
    const link = (url: string) => ({ type: 'link', fields: { url }, children: [text('here')] })
    expect(html(doc({ type: 'paragraph', children: [link('https://example.com/a')] }))).toBe(
      '<p><a href="https://example.com/a" rel="noopener noreferrer nofollow"><span>here</span></a></p>',
    )
    expect(html(doc({ type: 'paragraph', children: [link('javascript:alert(1)')] }))).toBe(
      '<p><span><span>here</span></span></p>',
    )
  })

  it('renders nothing for empty or malformed content', () => {
    expect(html(null)).toBe('')
    expect(html({ root: null })).toBe('')
    expect(html('text')).toBe('')
  })

  it.each([
    ['/courses/a', '/courses/a'],
    ['//evil.example', null],
    ['mailto:help@example.com', 'mailto:help@example.com'],
    ['data:text/html,x', null],
  ])('safeHref(%s) → %s', (input, expected) => {
    expect(safeHref(input)).toBe(expected)
  })
})
