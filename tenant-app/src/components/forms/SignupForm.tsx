'use client'

import Link from 'next/link'
import { useTranslations } from 'next-intl'
import { useActionState } from 'react'
import { type FormState, signUp } from '../../app/actions/auth.ts'
import { Field } from './Field.tsx'

/** Self-signup as a learner: works without JavaScript (a form POST to the server action). */
export function SignupForm() {
  const t = useTranslations('Auth')
  const [state, action, pending] = useActionState<FormState, FormData>(signUp, {})
  const fieldError = (name: 'name' | 'email' | 'password') => {
    const code = state.fields?.[name]
    return code ? t(code) : undefined
  }
  return (
    <form action={action} className="form" noValidate>
      {state.error && (
        <div role="alert" className="form-error">
          <p>{t(state.error === 'taken' ? 'taken' : state.error === 'full' ? 'full' : 'unavailable')}</p>
          {state.error === 'taken' && <Link href="/login">{t('submit')}</Link>}
        </div>
      )}
      <Field
        id="name"
        name="name"
        label={t('name')}
        autoComplete="name"
        required
        error={fieldError('name')}
      />
      <Field
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="email"
        required
        defaultValue={state.email ?? ''}
        error={fieldError('email')}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label={t('password')}
        hint={t('passwordHint')}
        autoComplete="new-password"
        minLength={10}
        required
        error={fieldError('password')}
      />
      <button type="submit" className="button" disabled={pending}>
        {t('signupSubmit')}
      </button>
    </form>
  )
}
