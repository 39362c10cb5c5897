import type { ClientInit } from '@sveltejs/kit/hooks'
import { overwriteGetLocale, toLocale } from './lib/paraglide/runtime.js'

/**
 * In the browser the locale is the one the server rendered the page in (`<html lang>`), never a
 * guess of its own: Paraglide's browser strategies would read `navigator.languages`, which can
 * differ from the Accept-Language the server went by, and hydration would switch languages.
 * Changing language is a form post and a full page load, so the page's language never changes.
 */
export const init: ClientInit = () => {
  const locale = toLocale(document.documentElement.lang) ?? 'en'
  overwriteGetLocale(() => locale)
}
