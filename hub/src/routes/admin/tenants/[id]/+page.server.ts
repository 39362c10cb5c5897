import { isCmsError } from '@lyceum/cms-client'
import { error, fail } from '@sveltejs/kit'
import { z } from 'zod'
import {
  CONSOLE_ACTIONS,
  lifecycleFormSchema,
  requestTenantAction,
} from '../../../../lib/server/admin/actions.ts'
import { loadTenantDetail } from '../../../../lib/server/admin/detail.ts'
import { requireSuperAdmin } from '../../../../lib/server/admin/guard.ts'
import { schoolUrl } from '../../../../lib/server/admin/tenants.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import type { Actions, PageServerLoad } from './$types'

const confirmSchema = z.enum(CONSOLE_ACTIONS).optional().catch(undefined)

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
}
