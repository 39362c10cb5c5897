import type { Locale } from '@lyceum/domain'
import en from '../../messages/en.json'
import fr from '../../messages/fr.json'

/** The UI strings of every locale a school can have; English is the reference catalogue. */
export type Messages = typeof en

/** Messages by locale (both are bundled: two small files, and one build serves every school). */
export const MESSAGES: Record<Locale, Messages> = { en, fr }
