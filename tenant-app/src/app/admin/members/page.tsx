import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { NextIntlClientProvider } from 'next-intl'
import { getFormatter, getMessages, getTranslations } from 'next-intl/server'
import { InviteForm } from '../../../components/forms/InviteForm.tsx'
import { NotFoundView } from '../../../components/NotFoundView.tsx'
import { Unavailable } from '../../../components/Unavailable.tsx'
import { formatBytes } from '../../../lib/bytes.ts'
import { attempt, getTenant } from '../../../lib/cms.ts'
import { listMembers, listPendingInvitations, usageOf } from '../../../lib/members.ts'
import { getMember } from '../../../lib/session.ts'
import { NOT_FOUND_HEADER } from '../../../lib/signals.ts'
import { changeRole, removeMember, revokeInvitation } from '../../actions/members.ts'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Members')
  return { title: t('title'), robots: { index: false } }
}

const ROLES = ['admin', 'instructor', 'learner'] as const
const ERRORS = ['self', 'last-admin', 'missing', 'role'] as const
const DONE = ['role', 'removed', 'revoked'] as const

/**
 * `/admin/members`: the school's members (change role, remove), open invitations, the invite
 * form and the plan's usage. Admins of this school only; everyone else gets the school's 404
 * (src/proxy.ts sets the status).
 */
export default async function MembersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const result = await attempt(async () => ({ school: await getTenant(), member: await getMember() }))
  if (!result.ok) return <Unavailable />
  const { school, member } = result.value
  if (member?.role !== 'admin') {
    if ((await headers()).get(NOT_FOUND_HEADER) === '1') return <NotFoundView />
    notFound()
  }
  const data = await attempt(async () => {
    const [members, pending, usage] = await Promise.all([
      listMembers(member, school),
      listPendingInvitations(member, school),
      usageOf(member, school),
    ])
    return { members, pending, usage }
  })
  if (!data.ok) return <Unavailable />
  const { members, pending, usage } = data.value
  const t = await getTranslations('Members')
  const { Members: membersMessages, Auth: authMessages } = await getMessages()
  const format = await getFormatter()
  const params = await searchParams
  const error = ERRORS.find((e) => e === params.error)
  const done = DONE.find((d) => d === params.done)
  const limit = (value: number | null) => (value === null ? t('unlimited') : format.number(value))
  const bytes = (value: number) => formatBytes(value, school.locale)
  return (
    <div>
      <h1>{t('title')}</h1>
      {error && (
        <p role="alert" className="form-error">
          {t(`errors.${error}`)}
        </p>
      )}
      {done && (
        <p role="status" className="form-success">
          {t(`done.${done}`)}
        </p>
      )}
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">{t('usageTitle')}</h2>
        <dl className="usage">
          <dt>{t('seats')}</dt>
          <dd data-testid="usage-seats">
            {t('seatsValue', {
              used: usage.seats.used,
              limit: limit(usage.seats.limit),
              pending: usage.seats.pending,
            })}
          </dd>
          <dt>{t('storage')}</dt>
          <dd>
            {bytes(usage.storage.usedBytes)} /{' '}
            {usage.storage.limitBytes === null ? t('unlimited') : bytes(usage.storage.limitBytes)}
          </dd>
          <dt>{t('courses')}</dt>
          <dd>
            {format.number(usage.courses.used)} / {limit(usage.courses.limit)}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="invite-heading" className="narrow">
        <h2 id="invite-heading">{t('inviteTitle')}</h2>
        <NextIntlClientProvider messages={{ Members: membersMessages, Auth: authMessages }}>
          <InviteForm />
        </NextIntlClientProvider>
      </section>
      {pending.length > 0 && (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t('pendingTitle')}</h2>
          <ul>
            {pending.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email} ({t('pendingAs', { role: t(`roles.${invitation.role}`) })}) —{' '}
                {t('expires', {
                  date: format.dateTime(new Date(invitation.expiresAt), { dateStyle: 'medium' }),
                })}{' '}
                <form action={revokeInvitation} className="inline-form">
                  <input type="hidden" name="invitation" value={invitation.id} />
                  <button
                    type="submit"
                    className="button-secondary"
                    aria-label={t('revokeOf', { email: invitation.email })}
                  >
                    {t('revoke')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('listTitle', { count: members.length })}</h2>
        <table className="members">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((row) => (
              <tr key={row.id}>
                <td>{row.name || '—'}</td>
                <td>{row.email}</td>
                <td>
                  {row.id === member.id ? (
                    t(`roles.${row.role}`)
                  ) : (
                    <form action={changeRole} className="inline-form">
                      <input type="hidden" name="user" value={row.id} />
                      <label className="visually-hidden" htmlFor={`role-${row.id}`}>
                        {t('roleOf', { email: row.email })}
                      </label>
                      <select id={`role-${row.id}`} name="role" defaultValue={row.role}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`roles.${role}`)}
                          </option>
                        ))}
                      </select>{' '}
                      <button type="submit" className="button-secondary">
                        {t('saveRole')}
                      </button>
                    </form>
                  )}
                </td>
                <td>
                  {row.id === member.id ? (
                    t('you')
                  ) : (
                    <form action={removeMember}>
                      <input type="hidden" name="user" value={row.id} />
                      <button
                        type="submit"
                        className="button-secondary"
                        aria-label={t('removeOf', { email: row.email })}
                      >
                        {t('remove')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
