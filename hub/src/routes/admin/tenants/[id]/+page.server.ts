import { isCmsError } from '@lyceum/cms-client'
import { error, fail, isHttpError } from '@sveltejs/kit'
import { z } from 'zod'
import {
  CONSOLE_ACTIONS,
  lifecycleFormSchema,
  requestTenantAction,
} from '../../../../lib/server/admin/actions.ts'
import { loadTenantDetail } from '../../../../lib/server/admin/detail.ts'
import { requireSuperAdmin } from '../../../../lib/server/admin/guard.ts'
import { impersonationUrl } from '../../../../lib/server/admin/impersonation.ts'
import { schoolUrl } from '../../../../lib/server/admin/tenants.ts'
import { extendTrial, extendTrialFormSchema, TrialNotExtendable } from '../../../../lib/server/admin/trial.ts'
import { billingConfig, paddle, stripe } from '../../../../lib/server/billing/runtime.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import type { Actions, PageServerLoad } from './$types'

const confirmSchema = z
  .enum([...CONSOLE_ACTIONS, 'extend_trial', 'impersonate'])
  .optional()
  .catch(undefined)

/** 400 with the first message of each field. */
function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {}
  for (const issue of error.issues) fieldErrors[String(issue.path[0])] ??= issue.message
  return fieldErrors
}

/** A refused console form: its action and the first message of each field. */
const refuse = (status: number, action: string, fieldErrors: Record<string, string>) =>
  fail(status, { fieldErrors, action })

/** The school, or the ordinary 404 for a malformed or unknown id. */
async function schoolOr404(id: string) {
  const tenant = /^[0-9a-f-]{36}$/i.test(id)
    ? await cms.findByID('tenants', id, { select: { slug: true } })
    : null
  if (!tenant?.slug) error(404, 'Not Found')
  return { slug: tenant.slug }
}

/**
 * One school: subscription and billing events, provisioning runs with step logs, audit log,
 * members, storage and courses. `?confirm=<action>` shows the confirmation step of an action.
 */
export const load: PageServerLoad = async ({ params, parent, url }) => {
  await parent() // the guard first: see ../../+layout.server.ts
  try {
    const detail = await loadTenantDetail(cms, params.id)
    if (!detail) error(404, 'Not Found')
    return {
      detail,
      url: schoolUrl(detail.tenant.slug, env.LYCEUM_ROOT_DOMAIN, env.LYCEUM_HUB_PUBLIC_URL),
      confirm: confirmSchema.parse(url.searchParams.get('confirm') ?? undefined),
    }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] admin tenant: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The console is temporarily unavailable.')
  }
}

export const actions: Actions = {
  /**
   * Suspend, resume, reprovision or deprovision, once confirmed (`confirm=yes`): queues the
   * lifecycle job and writes `admin.tenant.<action>` to the audit log. 400 with field errors
   * otherwise; 404 for an id that is not a school.
   */
  lifecycle: async ({ locals, params, request }) => {
    const admin = await requireSuperAdmin(locals)
    const form = Object.fromEntries(await request.formData())
    const parsed = lifecycleFormSchema.safeParse(form)
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {}
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message
      return fail(400, { fieldErrors, action: typeof form.action === 'string' ? form.action : null })
    }
    if (!env.DATABASE_URL) error(503, 'Lifecycle actions need the hub to have DATABASE_URL.')
    try {
      const tenant = /^[0-9a-f-]{36}$/i.test(params.id)
        ? await cms.findByID('tenants', params.id, { select: { status: true } })
        : null
      if (!tenant) error(404, 'Not Found')
      await requestTenantAction(
        { cms, databaseUrl: env.DATABASE_URL },
        admin,
        params.id,
        parsed.data.action,
        parsed.data.reason,
      )
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      error(503, 'The console is temporarily unavailable.')
    }
    return { queued: parsed.data.action }
  },

  /**
   * Extends a trialing subscription by `days` (1–30) at its provider, once confirmed
   * (lib/server/admin/trial.ts); the provider's event updates the cms's `trialEnd`. 400 with
   * field errors; 409 when the school is not in trial; 502 when the provider refuses.
   */
  extendTrial: async ({ locals, params, request, url }) => {
    const admin = await requireSuperAdmin(locals)
    const form = Object.fromEntries(await request.formData())
    const parsed = extendTrialFormSchema.safeParse(form)
    if (!parsed.success) return refuse(400, 'extend_trial', fieldErrorsOf(parsed.error))
    try {
      await schoolOr404(params.id)
      const sandbox = billingConfig.sandbox
      const result = await extendTrial(
        {
          cms,
          providers: {
            stripe,
            paddle,
            sandbox: sandbox ? { origin: url.origin, secret: sandbox.webhookSecret } : null,
          },
        },
        admin,
        params.id,
        parsed.data.days,
      )
      return { trialExtended: { days: parsed.data.days, ...result } }
    } catch (cause) {
      if (cause instanceof TrialNotExtendable) {
        return refuse(409, 'extend_trial', { days: cause.message })
      }
      if (isCmsError(cause)) error(503, 'The console is temporarily unavailable.')
      if (isHttpError(cause)) throw cause // the 404 of an unknown school
      console.error('[hub] admin: the provider refused the trial extension:', cause)
      return refuse(502, 'extend_trial', {
        days: 'The payment provider refused the change; nothing was changed.',
      })
    }
  },

  /**
   * "View as school admin", once confirmed: a single-use ticket from the cms, audit-logged
   * (`admin.tenant.impersonate`), answered as a link to the school's `/impersonate` (decision
   * 100). A link, not a redirect: the console's CSP (`form-action 'self'`) rightly stops a form
   * from redirecting to another origin. 409 when the school has no admin.
   */
  impersonate: async ({ locals, params, request }) => {
    const admin = await requireSuperAdmin(locals)
    const confirmed = (await request.formData()).get('confirm') === 'yes'
    if (!confirmed) return refuse(400, 'impersonate', { confirm: 'Confirm the action first.' })
    try {
      const tenant = await schoolOr404(params.id)
      const url = await impersonationUrl(
        cms,
        admin,
        params.id,
        schoolUrl(tenant.slug, env.LYCEUM_ROOT_DOMAIN, env.LYCEUM_HUB_PUBLIC_URL),
      )
      return { impersonation: { url } }
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      if (cause.code === 'conflict') {
        return refuse(409, 'impersonate', { confirm: 'This school has no admin to view as.' })
      }
      error(503, 'The console is temporarily unavailable.')
    }
  },
}
