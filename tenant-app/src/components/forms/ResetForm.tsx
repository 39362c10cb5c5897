'use client'

import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type FormState, resetPassword } from '../../app/actions/auth.ts'
import { Field } from './Field.tsx'

/** "Choose a new password", with the one-time token from the email link. */
export function ResetForm({ token }: { token: string }) {
  const t = useTranslations('Auth')
  const [state, action, pending] = useActionState<FormState, FormData>(resetPassword, {})
  const fieldError = (name: 'password' | 'confirm') => {
    const code = state.fields?.[name]
    return code ? t(code) : undefined
  }
  if (state.error === 'token') {
    return (
      <div role="alert" className="form-error">
        <p>{t('tokenInvalid')}</p>
        <Link href="/forgot-password">{t('askAgain')}</Link>
      </div>
    )
  }
  return (
    <form action={action} className="form" noValidate>
      {state.error && (
        <p role="alert" className="form-error">
          {t('unavailable')}
        </p>
      )}
      <input type="hidden" name="token" value={token} />
      <Field
        id="password"
        name="password"
        type="password"
        label={t('newPassword')}
        hint={t('passwordHint')}
        autoComplete="new-password"
        minLength={10}
        required
        error={fieldError('password')}
      />
      <Field
        id="confirm"
        name="confirm"
        type="password"
        label={t('confirmPassword')}
        autoComplete="new-password"
        required
        error={fieldError('confirm')}
      />
      <button type="submit" className="button" disabled={pending}>
        {t('resetSubmit')}
      </button>
    </form>
  )
}
