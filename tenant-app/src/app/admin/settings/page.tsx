import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { getTranslations } from 'next-intl/server'
import { TeachForm } from '../../../components/forms/TeachForm.tsx'
import { UploadForm } from '../../../components/forms/UploadForm.tsx'
import { NotFoundView } from '../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../components/Unavailable.tsx'
import { storageUsage } from '../../../lib/attachments.ts'
import { formatBytes } from '../../../lib/bytes.ts'
import { attempt, getTenant } from '../../../lib/cms.ts'
import { mediaHref, type SearchParams } from '../../../lib/params.ts'
import { getMember } from '../../../lib/session.ts'
import { readSettings } from '../../../lib/settings.ts'
import { NOT_FOUND_HEADER } from '../../../lib/signals.ts'
import { removeLogoAction, saveSettingsAction, uploadLogoAction } from '../../actions/settings.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Settings')
  return { title: t('title'), robots: { index: false } }
}

/**
 * `/admin/settings`: the school's name, language, brand colour, logo and self-signup, read fresh
 * from the cms with the admin's session. Admins of this school only; everyone else gets the
 * school's 404 (src/proxy.ts sets the status).
 */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const result = await attempt(async () => ({ school: await getTenant(), member: await getMember() }))
  if (!result.ok) return <Unavailable />
  const { school, member } = result.value
  if (member?.role !== 'admin') {
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const data = await attempt(async () => {
    const [settings, storage] = await Promise.all([
      readSettings(member, school),
      storageUsage(member, school),
    ])
    return { settings, storage }
  })
  if (!data.ok) return <Unavailable />
  const { settings, storage } = data.value
  const t = await getTranslations('Settings')
  const m = await getTranslations('Media')
  const query = await searchParams
  const size = (bytes: number) => formatBytes(bytes, school.locale)
  const notice = query.saved
    ? t('saved')
    : query.logo === '1'
      ? t('logoSaved')
      : query.logo === '0'
        ? t('logoRemoved')
        : null
  return (
    <div>
      <h1>{t('title')}</h1>
      <p>
        <Link href="/admin/members">{t('membersLink')}</Link>
      </p>
      {notice && (
        <p role="status" className="form-success">
          {notice}
        </p>
      )}
      <section aria-labelledby="settings-heading" className="narrow">
        <h2 id="settings-heading">{t('schoolTitle')}</h2>
        <TeachForm
          id="settings"
          action={saveSettingsAction}
          hidden={{}}
          submit={t('save')}
          fields={[
            { name: 'name', label: t('name'), type: 'text', required: true, defaultValue: settings.name },
            {
              name: 'locale',
              label: t('locale'),
              type: 'select',
              defaultValue: settings.locale,
              options: [
                { value: 'en', label: 'English' },
                { value: 'fr', label: 'Français' },
              ],
            },
            {
              name: 'primaryColor',
              label: t('primaryColor'),
              type: 'text',
              hint: t('primaryColorHint'),
              required: true,
              defaultValue: settings.primaryColor,
            },
            {
              name: 'allowSelfSignup',
              label: t('allowSelfSignup'),
              type: 'checkbox',
              checked: settings.allowSelfSignup,
            },
          ]}
        />
      </section>
      <section aria-labelledby="logo-heading" className="narrow">
        <h2 id="logo-heading">{t('logoTitle')}</h2>
        {settings.logo ? (
          <>
            <p>
              <img
                src={mediaHref(settings.logo.filename)}
                alt={t('currentLogo')}
                className="settings-logo"
                height={48}
              />
            </p>
            <form action={removeLogoAction}>
              <button type="submit" className="button-secondary">
                {t('removeLogo')}
              </button>
            </form>
          </>
        ) : (
          <p>{t('noLogo')}</p>
        )}
        <UploadForm
          id="logo"
          action={uploadLogoAction}
          hidden={{}}
          label={t('logoFile')}
          hint={t('logoHint', {
            used: size(storage.usedBytes),
            limit: storage.limitBytes === null ? m('unlimited') : size(storage.limitBytes),
          })}
          accept="image/png,image/jpeg,image/webp,image/gif,image/svg+xml"
          submit={t('logoSubmit')}
        />
      </section>
    </div>
  )
}
