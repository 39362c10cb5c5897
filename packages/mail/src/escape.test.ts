import { describe, expect, it } from 'vitest'
import { escapeHtml } from './escape.ts'

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('neutralises a script tag', () => {
    const escaped = escapeHtml('<script>alert(1)</script>')
    expect(escaped).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(escaped).not.toMatch(/[<>]/)
  })

  it('escapes & first, so an existing entity is shown literally rather than decoded', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
  })

  it('keeps everything else, accents and emoji included', () => {
    expect(escapeHtml('École Lumière — café ☕ 100%')).toBe('École Lumière — café ☕ 100%')
    expect(escapeHtml('')).toBe('')
  })

  it('makes a value safe inside a quoted attribute', () => {
    const hostile = `" onmouseover="alert(1)`
    expect(`<a title="${escapeHtml(hostile)}">`).toBe('<a title="&quot; onmouseover=&quot;alert(1)">')
  })
})
