import type { Locale } from '@lyceum/domain'
import { en } from './en.ts'
import { fr } from './fr.ts'
import type { Messages } from './types.ts'

export type { Messages } from './types.ts'

/**
 * Every locale's strings. Typed by `Locale`, so adding a locale to `@lyceum/domain` fails the
 * typecheck here until its file exists: adding a language is adding `xx.ts` and one line below.
 */
export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, fr }
