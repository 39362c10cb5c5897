import { describe, expect, it } from 'vitest'
import { MESSAGES } from './messages.ts'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

/** The `{argument}` names and `<tag>` names a message uses (ICU plural bodies included). */
function placeholders(message: string): string[] {
  const args = [...message.matchAll(/\{\s*([a-zA-Z]+)\s*[,}]/g)].map((m) => `{${m[1]}}`)
  const tags = [...message.matchAll(/<([a-z]+)>/g)].map((m) => `<${m[1]}>`)
  return [...new Set([...args, ...tags])].sort()
}

const en = flatten(MESSAGES.en)
const fr = flatten(MESSAGES.fr)

describe('messages', () => {
  it('has the same keys in French as in English', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort())
  })

  it('uses the same arguments and tags in both languages', () => {
    for (const [key, english] of en) {
      expect(placeholders(fr.get(key) ?? ''), key).toEqual(placeholders(english))
    }
  })

  it('is really translated (a French catalogue that fell back to English would pass the key checks)', () => {
    expect(fr.get('Layout.poweredBy')).toBe('Propulsé par Lyceum')
    expect(fr.get('Catalog.title')).toBe('Cours')
    const same = [...en].filter(([key, value]) => fr.get(key) === value).map(([key]) => key)
    // Only strings that are the same word in both languages.
    expect(same.sort()).toEqual(['Catalog.pagination'])
  })

  it('uses typographic apostrophes (a straight one starts an ICU escape)', () => {
    for (const [key, value] of [...en, ...fr]) expect(value, key).not.toContain("'")
  })
})
