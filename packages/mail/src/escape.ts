const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes a value for HTML text and for a double- or single-quoted attribute value: `&`, `<`, `>`,
 * `"` and `'` become entities; everything else (including non-ASCII) is kept as is.
 *
 * Not idempotent on purpose: `&lt;` becomes `&amp;lt;`, so escape raw values exactly once.
 *
 * @param value raw text, e.g. a school name typed by a prospect.
 * @returns the same text, safe to place between tags or inside a quoted attribute.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}
