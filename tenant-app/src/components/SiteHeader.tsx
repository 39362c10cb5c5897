import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { signOut } from '../app/actions/auth.ts'
import type { SchoolBrand } from '../lib/cms.ts'
import { isImpersonationToken } from '../lib/impersonation.ts'
import { mediaHref } from '../lib/params.ts'
import type { Member } from '../lib/session.ts'
import styles from './SiteHeader.module.css'

/**
 * The school's band: its logo (when set, served same-origin) and name, linking to the catalog.
 * While the school was never read (cms down at start), the band is shown without a name. During a
 * read-only impersonation there is no sign-out button: the banner's Exit ends the view.
 */
export async function SiteHeader({ school, member }: { school: SchoolBrand; member: Member | null }) {
  const t = await getTranslations('Layout')
  const nav = await getTranslations('Nav')
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        {school.name !== null && (
          <Link href="/" className={styles.brand} aria-label={t('homeLink', { school: school.name })}>
            {school.logo && (
              // The name beside it says who the school is: the logo is decorative here.
              <img
                className={styles.logo}
                src={mediaHref(school.logo.filename)}
                alt=""
                width={school.logo.width ?? undefined}
                height={school.logo.height ?? undefined}
              />
            )}
            <span className={styles.name}>{school.name}</span>
          </Link>
        )}
        <nav aria-label={nav('account')} className={styles.account}>
          {member ? (
            <>
              <Link href="/my-learning">{nav('myLearning')}</Link>
              {(member.role === 'instructor' || member.role === 'admin') && (
                <Link href="/teach">{nav('teach')}</Link>
              )}
              {member.role === 'admin' && <Link href="/admin/members">{nav('members')}</Link>}
              {member.role === 'admin' && <Link href="/admin/settings">{nav('settings')}</Link>}
              {/* A read-only view (decision 100) ends with the banner's Exit, not a sign-out. */}
              {!isImpersonationToken(member.token) && (
                <form action={signOut}>
                  <button type="submit" className={styles.signOut}>
                    {nav('signOut')}
                  </button>
                </form>
              )}
            </>
          ) : (
            <Link href="/login">{nav('signIn')}</Link>
          )}
        </nav>
      </div>
    </header>
  )
}
