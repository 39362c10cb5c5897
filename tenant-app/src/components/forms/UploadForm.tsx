'use client'

import { useActionState } from 'react'
import type { UploadState } from '../../app/actions/media.ts'

/**
 * A one-file upload form: a plain multipart POST to a server action (works without JavaScript),
 * with the server's error on the file field (`aria-invalid`, `aria-describedby`).
 */
export function UploadForm({
  id,
  action,
  hidden,
  label,
  hint,
  accept,
  submit,
}: {
  id: string
  action: (prev: UploadState, form: FormData) => Promise<UploadState>
  hidden: Record<string, string>
  label: string
  hint: string
  accept: string
  submit: string
}) {
  const [state, formAction, pending] = useActionState<UploadState, FormData>(action, {})
  const fid = `${id}-file`
  const describedBy = [`${fid}-hint`, state.fileError ? `${fid}-error` : null].filter(Boolean).join(' ')
  return (
    <form action={formAction} className="form" noValidate>
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="field">
        <label htmlFor={fid}>{label}</label>
        <p id={`${fid}-hint`} className="field-hint">
          {hint}
        </p>
        <input
          id={fid}
          name="file"
          type="file"
          accept={accept}
          required
          aria-invalid={state.fileError ? true : undefined}
          aria-describedby={describedBy}
        />
        {state.fileError && (
          <p id={`${fid}-error`} className="field-error">
            {state.fileError}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {submit}
      </button>
    </form>
  )
}
