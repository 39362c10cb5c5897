/**
 * The account forms' zod schemas and their field errors, in the request's language (the schemas
 * are built per request: Paraglide's `m.*` read the locale the middleware chose).
 */
import { checkTenantSlug, LOCALES, type SlugProblem } from '@lyceum/domain'
import { error } from '@sveltejs/kit'
import { z } from 'zod'
import { m } from '../../paraglide/messages.js'
import { PASSWORD_MAX_LENGTH, passwordProblem } from './password.ts'

/** Field name → the message shown under it. */
export type FieldErrors = Record<string, string>

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

/**
 * Reads the string fields of a posted form (files and repeated fields are ignored: we take none).
 * @throws a 400 page when the body is not a readable form.
 */
export async function readFields(request: Request): Promise<Record<string, string>> {
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    error(400, m.account_form_errors())
  }
  return formFields(form)
}

export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of form) if (typeof value === 'string' && !(name in fields)) fields[name] = value
  return fields
}

/** Parses with `schema`; on failure, the first message of each field. */
export function parseFields<S extends z.ZodType>(
  schema: S,
  fields: Record<string, string>,
): Parsed<z.output<S>> {
  const result = schema.safeParse(fields)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}

const email = () =>
  z
    .string({ error: () => m.account_error_email() })
    .trim()
    .toLowerCase()
    .max(254, { error: () => m.account_error_email() })
    .pipe(z.email({ error: () => m.account_error_email() }))

/** A new password: the policy of password.ts. */
const newPassword = () =>
  z.string({ error: () => m.account_error_password_short() }).superRefine((value, ctx) => {
    const problem = passwordProblem(value)
    if (problem === 'too_short') ctx.addIssue({ code: 'custom', message: m.account_error_password_short() })
    if (problem === 'too_long') ctx.addIssue({ code: 'custom', message: m.account_error_password_long() })
    if (problem === 'common') ctx.addIssue({ code: 'custom', message: m.account_error_password_common() })
  })

export const signupSchema = () => z.object({ email: email(), password: newPassword() })

export const emailSchema = () => z.object({ email: email() })

export const codeSchema = () =>
  z.object({
    email: email(),
    code: z
      .string({ error: () => m.verify_error_format() })
      .transform((value) => value.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, { error: () => m.verify_error_format() })),
  })

/** Sign-in checks only the shape: the cms judges the password (and says nothing about why). */
export const loginSchema = () =>
  z.object({
    email: email(),
    password: z
      .string({ error: () => m.login_error() })
      .min(1, { error: () => m.login_error() })
      .max(PASSWORD_MAX_LENGTH, { error: () => m.login_error() }),
  })

export const resetSchema = () =>
  z.object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: () => m.reset_invalid() }),
    password: newPassword(),
  })

const SLUG_MESSAGES: Record<SlugProblem, () => string> = {
  too_short: () => m.onboarding_slug_too_short(),
  too_long: () => m.onboarding_slug_too_long(),
  invalid_characters: () => m.onboarding_slug_invalid_characters(),
  hyphen_at_edge: () => m.onboarding_slug_hyphen_at_edge(),
  reserved: () => m.onboarding_slug_reserved(),
}

/** The foundation's slug rules, with the message in the request's language. */
export function slugVerdict(
  input: string,
  extraReserved: readonly string[],
): { ok: true; slug: string } | { ok: false; problem: SlugProblem; message: string } {
  const check = checkTenantSlug(input, extraReserved)
  return check.ok ? check : { ok: false, problem: check.problem, message: SLUG_MESSAGES[check.problem]() }
}

export const onboardingSchema = (extraReserved: readonly string[]) =>
  z.object({
    name: z
      .string({ error: () => m.onboarding_error_name() })
      .trim()
      .min(1, { error: () => m.onboarding_error_name() })
      .max(120, { error: () => m.onboarding_error_name() }),
    slug: z.string({ error: () => m.onboarding_slug_too_short() }).transform((value, ctx) => {
      const verdict = slugVerdict(value, extraReserved)
      if (!verdict.ok) {
        ctx.addIssue({ code: 'custom', message: verdict.message })
        return z.NEVER
      }
      return verdict.slug
    }),
    locale: z.enum(LOCALES, { error: () => m.onboarding_error_locale() }),
    primaryColor: z
      .string({ error: () => m.onboarding_error_color() })
      .trim()
      .toLowerCase()
      .regex(/^#[0-9a-f]{6}$/, { error: () => m.onboarding_error_color() }),
    plan: z.uuid({ error: () => m.onboarding_error_plan() }),
  })
