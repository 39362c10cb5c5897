import type { InputHTMLAttributes } from 'react'

/**
 * A labelled input with its error message tied to it (`aria-describedby`, `aria-invalid`), so
 * screen readers announce the error with the field. Renders on the server or the client.
 */
export function Field({
  id,
  label,
  error,
  hint,
  ...input
}: {
  id: string
  label: string
  error?: string | undefined
  hint?: string
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
