import { fail, redirect } from '@sveltejs/kit'
import { safeRedirectPath } from '../../lib/i18n.ts'
import { cookieMaxAge, cookieName, toLocale } from '../../lib/paraglide/runtime.js'
import type { Actions } from './$types'

export const actions: Actions = {
  /**
   * The language switcher's target: remembers the chosen locale in the cookie the Paraglide
   * middleware reads first, then sends the visitor back where they were (a path on this site).
   * Cross-origin posts never get here: SvelteKit answers them 403 first.
   */
  default: async ({ request, cookies, url }) => {
    const form = await request.formData()
    const locale = toLocale(form.get('locale'))
    if (!locale) return fail(400, { invalidLocale: true })
    cookies.set(cookieName, locale, {
      path: '/',
      maxAge: cookieMaxAge,
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
    })
    redirect(303, safeRedirectPath(form.get('redirect')))
  },
}
