'use client'

import { useActionState } from 'react'
import type { TeachFormState } from '../../app/actions/teach.ts'

/** One field of an authoring form (serializable: the pages describe their forms on the server). */
export type TeachField = {
  name: string
  label: string
  type: 'text' | 'number' | 'url' | 'textarea' | 'select' | 'checkbox'
  defaultValue?: string
  /** For checkboxes. */
  checked?: boolean
  options?: Array<{ value: string; label: string }>
  hint?: string
  required?: boolean
  rows?: number
  /** Where the field's error shows when the server reports it under another name (e.g. options). */
  errorKey?: string
}

/**
 * An authoring form: a plain POST to a server action (works without JavaScript), with the
 * server's field errors in place (`aria-invalid`, `aria-describedby`) and the values kept after
 * a refusal. `id` prefixes the fields' ids, so several forms can share a page.
 */
export function TeachForm({
  id,
  action,
  hidden,
  fields,
  submit,
  inline = false,
}: {
  id: string
  action: (prev: TeachFormState, form: FormData) => Promise<TeachFormState>
  hidden: Record<string, string>
  fields: TeachField[]
  submit: string
  inline?: boolean
}) {
  const [state, formAction, pending] = useActionState<TeachFormState, FormData>(action, {})
  const values = state.values
  return (
    <form action={formAction} className={inline ? 'form form-inline' : 'form'} noValidate>
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => {
        const fid = `${id}-${field.name}`
        // Fields grouped under an `errorKey` (a question's options) share one error, shown below.
        const shownError = field.errorKey ? undefined : state.errors?.[field.name]
        const describedBy =
          [field.hint ? `${fid}-hint` : null, shownError ? `${fid}-error` : null].filter(Boolean).join(' ') ||
          undefined
        const value = values ? (values[field.name] ?? '') : (field.defaultValue ?? '')
        const common = {
          id: fid,
          name: field.name,
          'aria-invalid': shownError ? true : undefined,
          'aria-describedby': describedBy,
        }
        if (field.type === 'checkbox') {
          const checked = values ? values[field.name] === 'on' : field.checked === true
          return (
            <div key={`${field.name}-${checked}`} className="field field-check">
              <input type="checkbox" defaultChecked={checked} {...common} />
              <label htmlFor={fid}>{field.label}</label>
            </div>
          )
        }
        return (
          <div key={field.name} className="field">
            <label htmlFor={fid}>{field.label}</label>
            {field.hint && (
              <p id={`${fid}-hint`} className="field-hint">
                {field.hint}
              </p>
            )}
            {field.type === 'textarea' ? (
              <textarea rows={field.rows ?? 4} defaultValue={value} required={field.required} {...common} />
            ) : field.type === 'select' ? (
              <select defaultValue={value} {...common}>
                {(field.options ?? []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type={field.type === 'number' ? 'number' : field.type === 'url' ? 'url' : 'text'}
                defaultValue={value}
                required={field.required}
                {...(field.type === 'number' ? { inputMode: 'numeric' as const, min: 0 } : {})}
                {...common}
              />
            )}
            {shownError && (
              <p id={`${fid}-error`} className="field-error">
                {shownError}
              </p>
            )}
          </div>
        )
      })}
      {[...new Set(fields.map((f) => f.errorKey).filter((k): k is string => Boolean(k)))].map((key) =>
        state.errors?.[key] ? (
          <p key={key} id={`${id}-${key}-error`} role="alert" className="field-error">
            {state.errors[key]}
          </p>
        ) : null,
      )}
      <button type="submit" className="button" disabled={pending}>
        {submit}
      </button>
    </form>
  )
}
