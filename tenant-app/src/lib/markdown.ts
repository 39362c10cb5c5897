/**
 * The lesson editor's body format: a small Markdown subset, converted on the server to the
 * Payload Lexical JSON the cms stores (`lessons.content`), and back for editing (decision 070).
 *
 * Supported, both ways: paragraphs (blank-line separated; a single newline is a line break),
 * headings `#`…`######`, bullet lists (`-`, `*`, `+`), numbered lists (`1.`), block quotes (`>`),
 * horizontal rules (`---`), and inline **bold**, *italic* (or _italic_), `code` and
 * [links](https://…). Anything else is kept as plain text: nothing typed is lost. Lexical nodes
 * the subset cannot express (underline, nested lists, …) come back as their text.
 */

type TextNode = {
  type: 'text'
  text: string
  format: number
  detail: 0
  mode: 'normal'
  style: ''
  version: 1
}
type ElementBase = { direction: 'ltr'; format: ''; indent: 0; version: 1 }
type LinkNode = ElementBase & {
  type: 'link'
  fields: { url: string; newTab: false; linkType: 'custom' }
  children: TextNode[]
}
type Inline = TextNode | LinkNode | { type: 'linebreak'; version: 1 }
type Block =
  | (ElementBase & { type: 'paragraph'; children: Inline[]; textFormat: 0; textStyle: '' })
  | (ElementBase & { type: 'heading'; tag: `h${1 | 2 | 3 | 4 | 5 | 6}`; children: Inline[] })
  | (ElementBase & { type: 'quote'; children: Inline[] })
  | (ElementBase & {
      type: 'list'
      listType: 'bullet' | 'number'
      start: 1
      tag: 'ul' | 'ol'
      children: Array<ElementBase & { type: 'listitem'; value: number; children: Inline[] }>
    })
  | { type: 'horizontalrule'; version: 1 }

/** A Lexical document as Payload stores it. */
export type LexicalDocument = { root: ElementBase & { type: 'root'; children: Block[] } }

const BOLD = 1
const ITALIC = 2
const CODE = 16

const ELEMENT: ElementBase = { direction: 'ltr', format: '', indent: 0, version: 1 }

function text(value: string, format = 0): TextNode {
  return { type: 'text', text: value, format, detail: 0, mode: 'normal', style: '', version: 1 }
}

/** Longest body accepted, in characters (a lesson is prose, not a book). */
export const MAX_MARKDOWN_LENGTH = 100_000

const INLINE =
  /(\*\*([^*]+?)\*\*)|(`([^`]+?)`)|(\[([^\]]+?)\]\(((?:https?:\/\/|mailto:|\/)[^\s)]+)\))|(\*([^*\s][^*]*?)\*)|(_([^_\s][^_]*?)_)/g

function inlineRun(line: string, format: number): Array<TextNode | LinkNode> {
  const out: Array<TextNode | LinkNode> = []
  let last = 0
  for (const m of line.matchAll(INLINE)) {
    const at = m.index ?? 0
    if (at > last) out.push(text(line.slice(last, at), format))
    if (m[1]) out.push(...inlineRun(m[2] ?? '', format | BOLD))
    else if (m[3]) out.push(text(m[4] ?? '', format | CODE))
    else if (m[5]) {
      const children = inlineRun(m[6] ?? '', format).filter((n): n is TextNode => n.type === 'text')
      out.push({
        ...ELEMENT,
        type: 'link',
        fields: { url: m[7] ?? '', newTab: false, linkType: 'custom' },
        children,
      })
    } else if (m[8]) out.push(...inlineRun(m[9] ?? '', format | ITALIC))
    else if (m[10]) out.push(...inlineRun(m[11] ?? '', format | ITALIC))
    last = at + m[0].length
  }
  if (last < line.length) out.push(text(line.slice(last), format))
  return out
}

/** Inline content of a block's lines: single newlines become line breaks. */
function inlines(lines: string[]): Inline[] {
  const out: Inline[] = []
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'linebreak', version: 1 })
    out.push(...inlineRun(line, 0))
  })
  return out
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/
const QUOTE = /^\s{0,3}>\s?(.*)$/
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/

/** Markdown (the subset above) → a Lexical document. Empty or blank text → `null` (no body). */
export function markdownToLexical(markdown: string): LexicalDocument | null {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (!line.trim()) {
      i++
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      const level = (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6
      blocks.push({ ...ELEMENT, type: 'heading', tag: `h${level}`, children: inlines([heading[2] ?? '']) })
      i++
      continue
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'horizontalrule', version: 1 })
      i++
      continue
    }
    const listKind = BULLET.test(line) ? 'bullet' : NUMBERED.test(line) ? 'number' : null
    if (listKind) {
      const pattern = listKind === 'bullet' ? BULLET : NUMBERED
      const items: string[][] = []
      while (i < lines.length) {
        const current = lines[i] ?? ''
        const item = pattern.exec(current)
        if (item) items.push([item[1] ?? ''])
        else if (current.trim() && /^\s{2,}\S/.test(current) && items.length > 0) {
          items.at(-1)?.push(current.trim()) // a continuation line of the item
        } else break
        i++
      }
      blocks.push({
        ...ELEMENT,
        type: 'list',
        listType: listKind,
        start: 1,
        tag: listKind === 'bullet' ? 'ul' : 'ol',
        children: items.map((item, n) => ({
          ...ELEMENT,
          type: 'listitem',
          value: n + 1,
          children: inlines(item),
        })),
      })
      continue
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = []
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        quoted.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '')
        i++
      }
      blocks.push({ ...ELEMENT, type: 'quote', children: inlines(quoted) })
      continue
    }
    const paragraph: string[] = []
    while (i < lines.length) {
      const current = lines[i] ?? ''
      if (!current.trim() || HEADING.test(current) || RULE.test(current) || QUOTE.test(current)) break
      if (paragraph.length > 0 && (BULLET.test(current) || NUMBERED.test(current))) break
      paragraph.push(current.trim())
      i++
    }
    blocks.push({ ...ELEMENT, type: 'paragraph', textFormat: 0, textStyle: '', children: inlines(paragraph) })
  }
  if (blocks.length === 0) return null
  return { root: { ...ELEMENT, type: 'root', children: blocks } }
}

type AnyNode = {
  type?: unknown
  children?: unknown
  text?: unknown
  format?: unknown
  tag?: unknown
  listType?: unknown
  fields?: unknown
  url?: unknown
}

function kids(node: AnyNode): AnyNode[] {
  return Array.isArray(node.children)
    ? node.children.filter((c): c is AnyNode => typeof c === 'object' && c !== null)
    : []
}

function inlineMarkdown(nodes: AnyNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'linebreak') return '\n'
      if (node.type === 'tab') return '\t'
      if (node.type === 'text') {
        const value = typeof node.text === 'string' ? node.text : ''
        const format = typeof node.format === 'number' ? node.format : 0
        if (!value) return ''
        if (format & CODE) return `\`${value}\``
        let out = value
        if (format & ITALIC) out = `*${out}*`
        if (format & BOLD) out = `**${out}**`
        return out
      }
      if (node.type === 'link' || node.type === 'autolink') {
        const fields = (typeof node.fields === 'object' && node.fields !== null ? node.fields : {}) as {
          url?: unknown
        }
        const url = typeof fields.url === 'string' ? fields.url : typeof node.url === 'string' ? node.url : ''
        const label = inlineMarkdown(kids(node))
        return url ? `[${label}](${url})` : label
      }
      return inlineMarkdown(kids(node))
    })
    .join('')
}

function listMarkdown(node: AnyNode, depth: number): string[] {
  const numbered = node.listType === 'number'
  const out: string[] = []
  let n = 0
  for (const item of kids(node)) {
    const nested = kids(item).filter((c) => c.type === 'list')
    const own = kids(item).filter((c) => c.type !== 'list')
    if (own.length > 0) {
      n++
      const marker = numbered ? `${n}.` : '-'
      const body = inlineMarkdown(own).replace(/\n/g, ' ')
      out.push(`${'  '.repeat(depth)}${marker} ${body}`)
    }
    for (const list of nested) out.push(...listMarkdown(list, 0)) // the subset has no nesting
  }
  return out
}

/** A Lexical document (as the cms returns it) → Markdown for the editor; `''` for none. */
export function lexicalToMarkdown(content: unknown): string {
  const root =
    typeof content === 'object' && content !== null && 'root' in content
      ? (content.root as AnyNode | null)
      : null
  if (!root || typeof root !== 'object') return ''
  const blocks: string[] = []
  for (const node of kids(root)) {
    switch (node.type) {
      case 'heading': {
        const level = typeof node.tag === 'string' && /^h[1-6]$/.test(node.tag) ? Number(node.tag[1]) : 2
        blocks.push(`${'#'.repeat(level)} ${inlineMarkdown(kids(node)).replace(/\n/g, ' ')}`)
        break
      }
      case 'quote':
        blocks.push(
          inlineMarkdown(kids(node))
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n'),
        )
        break
      case 'list':
        blocks.push(listMarkdown(node, 0).join('\n'))
        break
      case 'horizontalrule':
        blocks.push('---')
        break
      default: {
        const value = inlineMarkdown(kids(node))
        if (value.trim()) blocks.push(value)
      }
    }
  }
  return blocks.filter((b) => b.trim()).join('\n\n')
}
