'use client'

import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type FormState, requestPasswordReset } from '../../app/actions/auth.ts'
import { Field } from './Field.tsx'

/** "Forgot your password": the same confirmation for every well-formed email. */
export function ForgotForm() {
  const t = useTranslations('Auth')
  const [state, action, pending] = useActionState<FormState, FormData>(requestPasswordReset, {})
  if (state.sent) {
    return (
      <p role="status" className="form-success">
        {t('forgotSent', { email: state.email ?? '' })}
      </p>
    )
  }
  const code = state.fields?.email
  return (
    <form action={action} className="form" noValidate>
      {state.error && (
        <p role="alert" className="form-error">
          {t('unavailable')}
        </p>
      )}
      <Field
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="email"
        required
        defaultValue={state.email ?? ''}
        error={code ? t(code) : undefined}
      />
      <button type="submit" className="button" disabled={pending}>
        {t('forgotSubmit')}
      </button>
    </form>
  )
}
