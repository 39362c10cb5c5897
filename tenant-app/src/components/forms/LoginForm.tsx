'use client'

import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type FormState, signIn } from '../../app/actions/auth.ts'
import { Field } from './Field.tsx'

/** The sign-in form: works without JavaScript (a form POST to the server action). */
export function LoginForm({ next }: { next: string }) {
  const t = useTranslations('Auth')
  const [state, action, pending] = useActionState<FormState, FormData>(signIn, {})
  const fieldError = (name: 'email' | 'password') => {
    const code = state.fields?.[name]
    return code ? t(code) : undefined
  }
  return (
    <form action={action} className="form" noValidate>
      {state.error && (
        <p role="alert" className="form-error">
          {t(state.error === 'credentials' ? 'credentials' : 'unavailable')}
        </p>
      )}
      <input type="hidden" name="next" value={next} />
      <Field
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        error={fieldError('email')}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label={t('password')}
        autoComplete="current-password"
        required
        error={fieldError('password')}
      />
      <button type="submit" className="button" disabled={pending}>
        {t('submit')}
      </button>
    </form>
  )
}
