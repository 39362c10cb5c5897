import type { Metadata, Viewport } from 'next'
import { NextIntlClientProvider } from 'next-intl'
import { getMessages, getTranslations } from 'next-intl/server'
import type { CSSProperties, ReactNode } from 'react'
import { ImpersonationBanner } from '../components/ImpersonationBanner.tsx'
import { SiteFooter } from '../components/SiteFooter.tsx'
import { SiteHeader } from '../components/SiteHeader.tsx'
import { getEnv } from '../env.ts'
import { getSchoolBrand } from '../lib/cms.ts'
import { brandPalette } from '../lib/contrast.ts'
import { memberIfAvailable } from '../lib/session.ts'
import { inter } from './fonts.ts'
import './globals.css'

/** The `<title>` template and the base of absolute URLs: the school's name and public address. */
export async function generateMetadata(): Promise<Metadata> {
  const school = await getSchoolBrand()
  const t = await getTranslations('Error')
  return {
    metadataBase: new URL(getEnv().LYCEUM_PUBLIC_URL),
    title: school.name ? { default: school.name, template: `%s · ${school.name}` } : t('title'),
    ...(school.name ? { applicationName: school.name } : {}),
    // Branding from memory means the cms did not answer: such a page must not be indexed.
    ...(school.live ? {} : { robots: { index: false, follow: false } }),
  }
}

/** The browser UI takes the school's colour. */
export async function generateViewport(): Promise<Viewport> {
  const { primaryColor } = await getSchoolBrand()
  return { themeColor: primaryColor, colorScheme: 'light' }
}

/**
 * Every page of a school's site: its language, colours, name and logo, from its tenant document
 * (see src/lib/cms.ts); still rendered, from memory or neutral defaults, when the cms is down.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const school = await getSchoolBrand()
  const t = await getTranslations('Layout')
  const { Error: errorMessages, Auth: authMessages } = await getMessages()
  const member = await memberIfAvailable()
  const palette = brandPalette(school.primaryColor)
  const brandVars = {
    '--brand': palette.brand,
    '--on-brand': palette.onBrand,
    '--brand-ink': palette.brandInk,
  } as CSSProperties
  return (
    <html lang={school.locale} className={inter.variable} style={brandVars}>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <ImpersonationBanner member={member} />
        <SiteHeader school={school} member={member} />
        {/* Only the error boundary and the account forms render on the client: their strings alone. */}
        <NextIntlClientProvider messages={{ Error: errorMessages, Auth: authMessages }}>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </NextIntlClientProvider>
        <SiteFooter />
      </body>
    </html>
  )
}
