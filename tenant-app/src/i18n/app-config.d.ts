import type { Locale } from '@lyceum/domain'
import type { Messages } from './messages.ts'

// Typed message keys and locales for next-intl (useTranslations / getTranslations).
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale
    Messages: Messages
  }
}
