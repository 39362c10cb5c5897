'use client'

import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type InviteState, inviteMember } from '../../app/actions/members.ts'
import { Field } from './Field.tsx'

const ROLES = ['learner', 'instructor', 'admin'] as const

/** The admin's invite form: an email and the role on joining; the link is mailed (works without JavaScript). */
export function InviteForm() {
  const t = useTranslations('Members')
  const ta = useTranslations('Auth')
  const [state, action, pending] = useActionState<InviteState, FormData>(inviteMember, {})
  const code = state.fields?.email
  const roleError = state.fields?.role
  return (
    <form action={action} className="form" noValidate>
      {state.sent && (
        <p role="status" className="form-success">
          {t('invited', { email: state.sent })}
        </p>
      )}
      {state.error && (
        <p role="alert" className="form-error">
          {t(`inviteErrors.${state.error}`)}
        </p>
      )}
      <Field
        id="invite-email"
        name="email"
        type="email"
        label={t('inviteEmail')}
        hint={t('inviteHint')}
        autoComplete="off"
        required
        defaultValue={state.sent ? '' : (state.email ?? '')}
        error={code ? ta(code) : undefined}
      />
      <div className="field">
        <label htmlFor="invite-role">{t('inviteRole')}</label>
        <select
          id="invite-role"
          name="role"
          // A new key after each sent invitation resets the choice to "learner".
          key={state.sent ?? 'draft'}
          defaultValue={state.sent ? 'learner' : (state.role ?? 'learner')}
          aria-invalid={roleError ? true : undefined}
          aria-describedby={roleError ? 'invite-role-error' : undefined}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
        {roleError && (
          <p id="invite-role-error" className="field-error">
            {t('inviteErrors.role')}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t('inviteSubmit')}
      </button>
    </form>
  )
}
