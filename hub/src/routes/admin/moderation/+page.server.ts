import { isCmsError } from '@lyceum/cms-client'
import { error, fail } from '@sveltejs/kit'
import { z } from 'zod'
import { requireSuperAdmin } from '../../../lib/server/admin/guard.ts'
import { DECISIONS, decide, decisionFormSchema, loadQueue } from '../../../lib/server/admin/moderation.ts'
import { mailer } from '../../../lib/server/billing/runtime.ts'
import { cms } from '../../../lib/server/cms.ts'
import { env } from '../../../lib/server/env.ts'
import type { Actions, PageServerLoad } from './$types'

const confirmSchema = z
  .object({ item: decisionFormSchema.shape.item, decision: z.enum(DECISIONS) })
  .optional()
  .catch(undefined)

/**
 * The moderation queue: open reports grouped by item, with context. `?item=<key>&decision=<d>`
 * shows the confirmation step of a decision on that item.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
  await parent() // the guard first: see ../+layout.server.ts
  try {
    const queue = await loadQueue(cms)
    const item = url.searchParams.get('item')
    const confirm = item
      ? confirmSchema.parse({ item, decision: url.searchParams.get('decision') ?? undefined })
      : undefined
    return { queue, confirm: confirm && queue.some((q) => q.key === confirm.item) ? confirm : undefined }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] admin moderation: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The console is temporarily unavailable.')
  }
}

export const actions: Actions = {
  /**
   * Dismiss, unpublish or suspend, once confirmed (`confirm=yes`): decides every open report of
   * the item, audit-logs `admin.report.<decision>` and emails the reporters (and, on unpublish,
   * the school's admins). 400 with field errors; 404/409/503 from `decide`.
   */
  decide: async ({ locals, request }) => {
    const admin = await requireSuperAdmin(locals)
    const form = Object.fromEntries(await request.formData())
    const parsed = decisionFormSchema.safeParse(form)
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {}
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message
      return fail(400, { fieldErrors })
    }
    try {
      const result = await decide(
        { cms, databaseUrl: env.DATABASE_URL, mailer },
        admin,
        parsed.data.item,
        parsed.data.decision,
      )
      if (!result.ok) return fail(result.status, { error: result.error })
      return { decided: result.decision, reports: result.reports, mailed: result.mailed }
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      console.error(`[hub] admin moderation: the cms did not answer (${cause.code}, ${cause.request})`)
      error(503, 'The console is temporarily unavailable.')
    }
  },
}
