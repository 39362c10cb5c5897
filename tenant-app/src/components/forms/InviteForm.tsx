'use client'

import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type InviteState, inviteMember } from '../../app/actions/members.ts'
import { Field } from './Field.tsx'

/** The admin's invite form: an email; the link is mailed (works without JavaScript). */
export function InviteForm() {
  const t = useTranslations('Members')
  const ta = useTranslations('Auth')
  const [state, action, pending] = useActionState<InviteState, FormData>(inviteMember, {})
  const code = state.fields?.email
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
      <button type="submit" className="button" disabled={pending}>
        {t('inviteSubmit')}
      </button>
    </form>
  )
}
