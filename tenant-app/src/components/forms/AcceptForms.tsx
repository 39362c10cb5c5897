'use client'

import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import {
  type AcceptState,
  acceptAsMember,
  acceptWithExistingAccount,
  acceptWithNewAccount,
} from '../../app/actions/invitations.ts'
import { Field } from './Field.tsx'

function FormError({ state }: { state: AcceptState }) {
  const t = useTranslations('Invitation')
  if (!state.error) return null
  return (
    <p role="alert" className="form-error">
      {t(`errors.${state.error}`)}
    </p>
  )
}

/** Create the invited account: name and password (the email is the invitation's). */
export function AcceptNewAccountForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('Invitation')
  const ta = useTranslations('Auth')
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptWithNewAccount, {})
  const fieldError = (name: 'name' | 'password') => {
    const code = state.fields?.[name]
    return code ? ta(code) : undefined
  }
  return (
    <form action={action} className="form" noValidate>
      <FormError state={state} />
      <input type="hidden" name="token" value={token} />
      <Field id="new-email" name="email" type="email" label={ta('email')} value={email} readOnly />
      <Field
        id="new-name"
        name="name"
        label={ta('name')}
        autoComplete="name"
        required
        error={fieldError('name')}
      />
      <Field
        id="new-password"
        name="password"
        type="password"
        label={ta('password')}
        hint={ta('passwordHint')}
        autoComplete="new-password"
        minLength={10}
        required
        error={fieldError('password')}
      />
      <button type="submit" className="button" disabled={pending}>
        {t('createSubmit')}
      </button>
    </form>
  )
}

/** Join with the existing account of the invited email: its password. */
export function AcceptExistingAccountForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('Invitation')
  const ta = useTranslations('Auth')
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptWithExistingAccount, {})
  const code = state.fields?.password
  return (
    <form action={action} className="form" noValidate>
      <FormError state={state} />
      <input type="hidden" name="token" value={token} />
      <Field id="existing-email" name="email" type="email" label={ta('email')} value={email} readOnly />
      <Field
        id="existing-password"
        name="password"
        type="password"
        label={ta('password')}
        autoComplete="current-password"
        required
        error={code ? ta(code) : undefined}
      />
      <button type="submit" className="button button-secondary" disabled={pending}>
        {t('signInSubmit')}
      </button>
    </form>
  )
}

/** Already signed in here with the invited email: one button. */
export function AcceptAsMemberForm({ token }: { token: string }) {
  const t = useTranslations('Invitation')
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptAsMember, {})
  return (
    <form action={action} className="form">
      <FormError state={state} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="button" disabled={pending}>
        {t('acceptSubmit')}
      </button>
    </form>
  )
}
