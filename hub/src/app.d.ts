import type { Locale } from '@lyceum/domain'

/** The signed-in hub account (a cms `users` document), set by the session hook. */
type Account = {
  /** cms user id. */
  id: string
  email: string
}

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
      /** The signed-in account, or null when signed out (see src/lib/server/session.ts). */
      account: Account | null
    }
  }
}
