import { EXIT_PATH, endsAtLabel, impersonationOf } from '../lib/impersonation.ts'
import type { Member } from '../lib/session.ts'
import styles from './ImpersonationBanner.module.css'

/**
 * On every page while a super-admin views the school as its admin (decision 100): who is viewed,
 * that it is read-only, when it ends, and Exit (a plain form, works without JavaScript). English
 * only, like the console it comes from: its readers are the platform's staff.
 */
export function ImpersonationBanner({ member }: { member: Member | null }) {
  const view = member ? impersonationOf(member.token) : null
  if (!view) return null
  return (
    <div className={styles.banner} role="status" data-testid="impersonation-banner">
      <p>
        Viewing as <strong>{view.adminEmail}</strong> — read-only — ends at{' '}
        <time dateTime={view.endsAt.toISOString()}>{endsAtLabel(view.endsAt)}</time> —{' '}
      </p>
      <form method="post" action={EXIT_PATH}>
        <button type="submit">Exit</button>
      </form>
    </div>
  )
}
