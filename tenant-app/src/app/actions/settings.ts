'use server'

import { isCmsError } from '@lyceum/cms-client'
import { revalidatePath } from 'next/cache'
import { notFound, redirect } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { deleteMediaIfUnused } from '../../lib/attachments.ts'
import { getTenant, isCmsOutage, type School } from '../../lib/cms.ts'
import { getMember, type Member } from '../../lib/session.ts'
import { type SettingsFieldError, saveSettings, setLogo, settingsSchema } from '../../lib/settings.ts'
import { forgetShared } from '../../lib/shared-cache.ts'
import { type UploadState, uploadWithinQuota } from './media.ts'
import type { TeachFormState } from './teach.ts'

/**
 * The school admin's actions on `/admin/settings`: the settings form, the logo upload and its
 * removal. Anyone who is not an admin of THIS school gets the school's 404, as for the page.
 * Writes use the admin's own session; the cms decides what an admin may change.
 */

function text(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

async function requireAdmin(): Promise<{ admin: Member; school: School }> {
  const [school, member] = await Promise.all([getTenant(), getMember()])
  if (member?.role !== 'admin') notFound()
  return { admin: member, school }
}

function valuesOf(form: FormData): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of ['name', 'locale', 'primaryColor', 'allowSelfSignup']) {
    const value = form.get(name)
    if (typeof value === 'string') out[name] = value
  }
  return out
}

/** `POST` the settings form: name, locale, primaryColor (#rrggbb), allowSelfSignup (checkbox). */
export async function saveSettingsAction(_prev: TeachFormState, form: FormData): Promise<TeachFormState> {
  const { admin, school } = await requireAdmin()
  const t = await getTranslations('Settings.errors')
  const parsed = settingsSchema.safeParse({
    name: text(form, 'name').slice(0, 500),
    locale: text(form, 'locale'),
    primaryColor: text(form, 'primaryColor').slice(0, 50),
    allowSelfSignup: form.get('allowSelfSignup') === 'on',
  })
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form')
      errors[field] ??= t(issue.message as SettingsFieldError)
    }
    return { error: t('fix'), errors, values: valuesOf(form) }
  }
  try {
    await saveSettings(admin, school, parsed.data)
  } catch (error) {
    if (isCmsError(error) && error.code === 'validation') {
      const errors: Record<string, string> = {}
      for (const f of error.fieldErrors) {
        const field = f.path === 'branding.primaryColor' ? 'primaryColor' : f.path
        errors[field] ??= f.message
      }
      return { error: t('fix'), errors, values: valuesOf(form) }
    }
    if (isCmsOutage(error) || (isCmsError(error) && ['forbidden', 'not_found'].includes(error.code))) {
      return { error: t('unavailable'), values: valuesOf(form) }
    }
    throw error
  }
  forgetShared() // branding shows on every cached page, and this request read the school before
  revalidatePath('/', 'layout')
  redirect('/admin/settings?saved=1')
}

/** `POST` a new logo (`file`, an image): uploaded within the storage quota, then set; the old one is deleted when unused. */
export async function uploadLogoAction(_prev: UploadState, form: FormData): Promise<UploadState> {
  const { admin, school } = await requireAdmin()
  const t = await getTranslations('Settings.errors')
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0 || !file.name) {
    return { fileError: (await getTranslations('Media.errors'))('required') }
  }
  if (!file.type.startsWith('image/') || file.size > 2 * 1024 * 1024) return { fileError: t('logo') }
  const uploaded = await uploadWithinQuota(admin, school, file)
  if (!('id' in uploaded)) return uploaded
  try {
    const previous = await setLogo(admin, school, uploaded.id)
    if (previous && previous !== uploaded.id) {
      await deleteMediaIfUnused(admin, { ...school, logo: null }, previous).catch(() => false)
    }
  } catch (error) {
    await deleteMediaIfUnused(admin, { ...school, logo: null }, uploaded.id).catch(() => false)
    if (isCmsOutage(error)) return { error: t('unavailable') }
    throw error
  }
  forgetShared()
  revalidatePath('/', 'layout')
  redirect('/admin/settings?logo=1')
}

/** `POST` removing the logo; the file is deleted when nothing else uses it. */
export async function removeLogoAction(): Promise<void> {
  const { admin, school } = await requireAdmin()
  const previous = await setLogo(admin, school, null)
  if (previous) await deleteMediaIfUnused(admin, { ...school, logo: null }, previous).catch(() => false)
  forgetShared()
  revalidatePath('/', 'layout')
  redirect('/admin/settings?logo=0')
}
