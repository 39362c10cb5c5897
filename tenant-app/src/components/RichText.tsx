import type { ReactNode } from 'react'

/**
 * Renders a Payload Lexical document (the `content` JSON of a lesson) as HTML on the server.
 * React escapes every text, so content can never inject markup; links keep only http(s),
 * mailto and same-site paths. Nodes it does not know render their children (or nothing).
 *
 * Handled: root, paragraph, heading (h1–h6), quote, list (bullet, number, check) and listitem
 * (nested lists too), text with Lexical's format bits, linebreak, tab, link/autolink,
 * horizontalrule. Why not @payloadcms/richtext-lexical's converter: see decision 041.
 */

type LexicalNode = {
  type?: unknown
  children?: unknown
  text?: unknown
  format?: unknown
  tag?: unknown
  listType?: unknown
  checked?: unknown
  fields?: unknown
  url?: unknown
}

/** Lexical's text format bits. */
const FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
}

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** A link target safe to render: http(s), mailto, or a same-site path; else null. */
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const url = value.trim()
  if (url.startsWith('/') && !url.startsWith('//')) return url
  try {
    const parsed = new URL(url)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null
  } catch {
    return null
  }
}

function childrenOf(node: LexicalNode): LexicalNode[] {
  return Array.isArray(node.children)
    ? node.children.filter((c): c is LexicalNode => typeof c === 'object' && c !== null)
    : []
}

function renderText(node: LexicalNode, key: number): ReactNode {
  const text = typeof node.text === 'string' ? node.text : ''
  const format = typeof node.format === 'number' ? node.format : 0
  let out: ReactNode = text
  if (format & FORMAT.code) out = <code>{out}</code>
  if (format & FORMAT.bold) out = <strong>{out}</strong>
  if (format & FORMAT.italic) out = <em>{out}</em>
  if (format & FORMAT.underline) out = <u>{out}</u>
  if (format & FORMAT.strikethrough) out = <s>{out}</s>
  if (format & FORMAT.subscript) out = <sub>{out}</sub>
  if (format & FORMAT.superscript) out = <sup>{out}</sup>
  return <span key={key}>{out}</span>
}

function renderNodes(nodes: LexicalNode[]): ReactNode[] {
  return nodes.map((node, key) => renderNode(node, key))
}

function renderNode(node: LexicalNode, key: number): ReactNode {
  const children = () => renderNodes(childrenOf(node))
  switch (node.type) {
    case 'text':
      return renderText(node, key)
    case 'linebreak':
      return <br key={key} />
    case 'tab':
      return <span key={key}>{'\t'}</span>
    case 'paragraph':
      return <p key={key}>{children()}</p>
    case 'heading': {
      const Tag = (typeof node.tag === 'string' && HEADINGS.has(node.tag) ? node.tag : 'h2') as 'h2'
      return <Tag key={key}>{children()}</Tag>
    }
    case 'quote':
      return <blockquote key={key}>{children()}</blockquote>
    case 'list':
      return node.listType === 'number' ? <ol key={key}>{children()}</ol> : <ul key={key}>{children()}</ul>
    case 'listitem': {
      const nested = childrenOf(node).every((c) => c.type === 'list')
      return (
        <li key={key} style={nested ? { listStyle: 'none' } : undefined}>
          {typeof node.checked === 'boolean' ? `${node.checked ? '☑' : '☐'} ` : null}
          {children()}
        </li>
      )
    }
    case 'link':
    case 'autolink': {
      const fields = (typeof node.fields === 'object' && node.fields !== null ? node.fields : {}) as {
        url?: unknown
        newTab?: unknown
      }
      const href = safeHref(fields.url ?? node.url)
      if (!href) return <span key={key}>{children()}</span>
      const external = !href.startsWith('/')
      return (
        <a key={key} href={href} {...(external ? { rel: 'noopener noreferrer nofollow' } : {})}>
          {children()}
        </a>
      )
    }
    case 'horizontalrule':
      return <hr key={key} />
    default:
      return <span key={key}>{children()}</span>
  }
}

/** The document's HTML, or nothing for an empty or malformed value. */
export function RichText({ content }: { content: unknown }) {
  const root =
    typeof content === 'object' && content !== null && 'root' in content
      ? (content.root as LexicalNode | null)
      : null
  if (!root || typeof root !== 'object') return null
  return <>{renderNodes(childrenOf(root))}</>
}
