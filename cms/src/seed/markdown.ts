import type { LessonBlock } from './content/types.ts'

/** Lesson blocks as Markdown, for Payload's own Markdown → Lexical converter. */
export function blocksToMarkdown(blocks: readonly LessonBlock[]): string {
  return blocks.map(blockToMarkdown).join('\n\n')
}

function blockToMarkdown(block: LessonBlock): string {
  switch (block.type) {
    case 'heading':
      return `## ${block.text}`
    case 'paragraph':
      return block.text
    case 'quote':
      return `> ${block.text}`
    case 'list':
      return block.items.map((item, i) => (block.ordered ? `${i + 1}. ${item}` : `- ${item}`)).join('\n')
  }
}
