/**
 * The one layout every message shares. A template describes its content as plain-text blocks
 * ({@link EmailDocument}); {@link renderEmail} turns that into the subject, the plain-text part and
 * an inline-styled HTML part. All text is escaped here, once, so no template or locale file ever
 * writes markup, and a hostile value (a school named `<script>`) cannot reach the HTML unescaped.
 *
 * HTML: no tables, no `<style>` block (Gmail and Outlook drop or mangle them), every style inline,
 * one centred column of at most 560 px, system fonts, colours with at least 4.5:1 contrast, `lang` on
 * the document, a hidden preheader, and the raw URL under every button for clients that block links.
 */
import { escapeHtml } from '../escape.ts'

/** What every template returns: ready for `mailer.send` / `sendTemplate`. */
export type RenderedEmail = {
  /** One line: whitespace (including newlines from user input) collapsed to single spaces. */
  subject: string
  /** The plain-text alternative, lines separated by `\n`. */
  text: string
  /** A complete HTML document. */
  html: string
}

/** A block of the message body. Every string is plain text; the renderer escapes it. */
export type Block =
  | { type: 'paragraph'; text: string }
  /** Smaller, muted text: tips, reassurance, safety notes. */
  | { type: 'note'; text: string }
  | { type: 'subheading'; text: string }
  /** A one-time code, large and monospaced; on its own line in the text part. */
  | { type: 'code'; code: string }
  /** A call to action: a button in HTML, `label` then `url` in text. `url` must be http(s). */
  | { type: 'button'; label: string; url: string }
  /** Label/value lines (`label` includes its colon, e.g. `Adresse :`). A value with `url` is a link. */
  | { type: 'facts'; items: ReadonlyArray<{ label: string; value: string; url?: string }> }
  /** A numbered list. */
  | { type: 'steps'; items: readonly string[] }

/** One message's content, in one language. */
export type EmailDocument = {
  /** BCP 47 tag for `<html lang>` (`en`, `fr`). */
  lang: string
  subject: string
  /** Shown by most clients next to the subject in the inbox; hidden in the body. */
  preheader: string
  heading: string
  blocks: readonly Block[]
}

/** The parts around the content that every message has, in the message's language. */
export type Chrome = {
  productName: string
  greeting: string
  signOff: string
  footer: string
  /** Sentence before the raw URL under a button, e.g. `If the button doesn't work, open this link:`. */
  linkFallback: string
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
const MONO = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono',monospace"
const TEXT = '#111827'
const MUTED = '#4b5563'
const ACCENT = '#1d4ed8'
const PAGE = '#f3f4f6'

/**
 * Renders a document with the shared layout.
 *
 * @returns `{ subject, text, html }`; `subject` is collapsed to one line.
 */
export function renderEmail(doc: EmailDocument, chrome: Chrome): RenderedEmail {
  const subject = oneLine(doc.subject)
  return { subject, text: renderText(doc, chrome), html: renderHtml({ ...doc, subject }, chrome) }
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

function renderText(doc: EmailDocument, chrome: Chrome): string {
  const parts: string[] = [chrome.productName, oneLine(doc.heading), chrome.greeting]
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'note':
        parts.push(oneLine(block.text))
        break
      case 'subheading':
        parts.push(oneLine(block.text).toUpperCase())
        break
      case 'code':
        parts.push(block.code)
        break
      case 'button':
        parts.push(`${oneLine(block.label)}\n${block.url}`)
        break
      case 'facts':
        parts.push(block.items.map((item) => `${oneLine(item.label)} ${oneLine(item.value)}`).join('\n'))
        break
      case 'steps':
        parts.push(block.items.map((item, i) => `${i + 1}. ${oneLine(item)}`).join('\n'))
        break
    }
  }
  parts.push(chrome.signOff, '-- ', chrome.footer)
  return `${parts.join('\n\n')}\n`
}

function renderHtml(doc: EmailDocument, chrome: Chrome): string {
  const e = (value: string): string => escapeHtml(oneLine(value))
  const body = doc.blocks.map((block) => renderBlock(block, chrome, e)).join('\n')
  return `<!DOCTYPE html>
<html lang="${e(doc.lang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${e(doc.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE};">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${e(doc.preheader)}</div>
<div role="article" aria-roledescription="email" aria-label="${e(doc.subject)}" lang="${e(doc.lang)}" style="background-color:${PAGE};padding:24px 12px;">
<div style="max-width:560px;margin:0 auto;background-color:#ffffff;border-radius:8px;padding:32px 28px;font-family:${FONT};font-size:16px;line-height:1.5;color:${TEXT};">
<p style="margin:0 0 24px;font-size:14px;font-weight:bold;letter-spacing:0.5px;color:${MUTED};">${e(chrome.productName)}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;font-weight:bold;color:${TEXT};">${e(doc.heading)}</h1>
<p style="margin:0 0 16px;">${e(chrome.greeting)}</p>
${body}
<p style="margin:24px 0 0;">${e(chrome.signOff)}</p>
</div>
<p style="max-width:560px;margin:16px auto 0;font-family:${FONT};font-size:12px;line-height:1.5;color:${MUTED};text-align:center;">${e(chrome.footer)}</p>
</div>
</body>
</html>
`
}

function renderBlock(block: Block, chrome: Chrome, e: (value: string) => string): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${e(block.text)}</p>`
    case 'note':
      return `<p style="margin:0 0 16px;font-size:14px;color:${MUTED};">${e(block.text)}</p>`
    case 'subheading':
      return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;font-weight:bold;color:${TEXT};">${e(block.text)}</h2>`
    case 'code':
      return `<p style="margin:8px 0 24px;font-family:${MONO};font-size:32px;line-height:1.2;font-weight:bold;letter-spacing:6px;color:${TEXT};">${e(block.code)}</p>`
    case 'button':
      return `<p style="margin:24px 0 8px;"><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:12px 24px;background-color:${ACCENT};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${e(block.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:${MUTED};">${e(chrome.linkFallback)} <a href="${escapeHtml(block.url)}" style="color:${ACCENT};word-break:break-all;">${escapeHtml(block.url)}</a></p>`
    case 'facts':
      return `<p style="margin:0 0 16px;">${block.items
        .map(
          (item) =>
            `<strong>${e(item.label)}</strong> ${
              item.url
                ? `<a href="${escapeHtml(item.url)}" style="color:${ACCENT};">${e(item.value)}</a>`
                : e(item.value)
            }`,
        )
        .join('<br>\n')}</p>`
    case 'steps':
      return `<ol style="margin:0 0 16px;padding-left:24px;">\n${block.items
        .map((item) => `<li style="margin:0 0 8px;">${e(item)}</li>`)
        .join('\n')}\n</ol>`
  }
}
