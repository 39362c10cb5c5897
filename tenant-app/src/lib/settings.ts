import { AA_TEXT_CONTRAST, contrastWithWhite, LOCALES, type Locale } from '@lyceum/domain'
import { z } from 'zod'
import { type MediaRef, mediaRef, type School } from './cms.ts'
import { type Member, memberCms } from './session.ts'

/**
 * A school's own settings, changed by its admins on `/admin/settings`: name, locale, brand colour,
 * logo and self-signup. The cms (source of truth) lets a school admin change only these fields of
 * their own school (slug, status and plan are the platform's), and refuses a brand colour white
 * text cannot be read on; this module checks the same first, for field errors in place.
 */

/** The settings as the form shows them, read fresh with the admin's session (no cache). */
export type SchoolSettings = {
  name: string
  locale: Locale
  primaryColor: string
  allowSelfSignup: boolean
  logo: MediaRef | null
}

/** Why a field was refused (the page translates the code). */
export type SettingsFieldError = 'required' | 'long' | 'color' | 'contrast' | 'locale'

/** What the settings form accepts; `primaryColor` comes back lower-cased. */
export const settingsSchema = z.object({
  name: z.string().trim().min(1, 'required').max(120, 'long'),
  locale: z.enum(LOCALES, 'locale'),
  primaryColor: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^#[0-9a-f]{6}$/, 'color')
    .refine((hex) => contrastWithWhite(hex) >= AA_TEXT_CONTRAST, 'contrast'),
  allowSelfSignup: z.boolean(),
})

export type SettingsInput = z.infer<typeof settingsSchema>

/** Reads the school's settings with the admin's own session. */
export async function readSettings(admin: Member, school: School): Promise<SchoolSettings> {
  const tenant = await memberCms(admin).findByID('tenants', school.id, {
    depth: 1,
    select: { name: true, locale: true, branding: true, allowSelfSignup: true },
  })
  if (!tenant) throw new Error('The admin cannot read their own school.')
  return {
    name: tenant.name ?? school.name,
    locale: LOCALES.find((l) => l === tenant.locale) ?? school.locale,
    primaryColor: tenant.branding?.primaryColor ?? school.primaryColor,
    allowSelfSignup: tenant.allowSelfSignup === true,
    logo: mediaRef(tenant.branding?.logo),
  }
}

/**
 * Saves the settings (the logo stays as it is).
 * @throws CmsError when the cms refuses (`validation` with field errors) or fails.
 */
export async function saveSettings(admin: Member, school: School, input: SettingsInput): Promise<void> {
  const current = await readSettings(admin, school)
  await memberCms(admin).update('tenants', school.id, {
    name: input.name,
    locale: input.locale,
    allowSelfSignup: input.allowSelfSignup,
    branding: { primaryColor: input.primaryColor, logo: current.logo?.id ?? null },
  })
}

/**
 * Sets (or, with null, removes) the school's logo; returns the previous logo's id.
 * @throws CmsError when the cms refuses (a media id not of this school) or fails.
 */
export async function setLogo(admin: Member, school: School, mediaId: string | null): Promise<string | null> {
  const current = await readSettings(admin, school)
  await memberCms(admin).update('tenants', school.id, {
    branding: { primaryColor: current.primaryColor, logo: mediaId },
  })
  return current.logo?.id ?? null
}
