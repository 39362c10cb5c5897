import type { Locale } from '@lyceum/domain'

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      status: number
      /** Safe to show. Unexpected errors get a generic one (see src/lib/server/errors.ts). */
      message: string
      /** Reference of an unexpected error: shown on the error page and written in the server log. */
      id?: string
    }
    interface Locals {
      /** The request's locale, chosen by the Paraglide middleware (cookie, Accept-Language, en). */
      locale: Locale
    }
  }
}
