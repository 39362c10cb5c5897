import { getRequestConfig } from 'next-intl/server'
import { getSchoolBrand } from '../lib/cms.ts'
import { MESSAGES } from './messages.ts'

/**
 * next-intl without i18n routing: no locale in the URL; every page is in the school's locale,
 * read from its tenant document (or the last known one while the cms is down; English before any).
 */
export default getRequestConfig(async () => {
  const { locale } = await getSchoolBrand()
  return { locale, messages: MESSAGES[locale], timeZone: 'UTC' }
})
