import { isCmsError } from '@lyceum/cms-client'
import { documentIdSchema } from '@lyceum/domain'
import { error, fail } from '@sveltejs/kit'
import { requestTenantAction, retryBillingEvent } from '../../lib/server/admin/actions.ts'
import { loadDashboard } from '../../lib/server/admin/dashboard.ts'
import { requireSuperAdmin } from '../../lib/server/admin/guard.ts'
import { chartBars } from '../../lib/server/admin/metrics.ts'
import { billingPool } from '../../lib/server/billing/runtime.ts'
import { cms } from '../../lib/server/cms.ts'
import { env } from '../../lib/server/env.ts'
import type { Actions, PageServerLoad } from './$types'

const CHART = { width: 600, height: 160 }

/** The dashboard: MRR, tenants by status, 30 days of signups and cancellations, what needs attention. */
export const load: PageServerLoad = async ({ parent }) => {
  await parent() // the guard first: see ./+layout.server.ts
  try {
    const dashboard = await loadDashboard(cms)
    return { dashboard, chart: { ...CHART, ...chartBars(dashboard.series, CHART.width, CHART.height) } }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] admin dashboard: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The console is temporarily unavailable.')
  }
}

const idField = (form: FormData, name: string) => documentIdSchema.safeParse(form.get(name))

export const actions: Actions = {
  /** Runs a failed run's action again for its school (audit-logged). */
  retryRun: async ({ locals, request }) => {
    const admin = await requireSuperAdmin(locals)
    const id = idField(await request.formData(), 'runId')
    if (!id.success) return fail(400, { retry: 'run', error: 'Not a valid run id.' })
    if (!env.DATABASE_URL) error(503, 'Retrying needs the hub to have DATABASE_URL.')
    let tenantId: string
    try {
      const run = await cms.findByID('provisioning-runs', id.data, { depth: 0 })
      if (!run) return fail(404, { retry: 'run', error: 'No such run.' })
      tenantId = typeof run.tenant === 'string' ? run.tenant : run.tenant.id
      await requestTenantAction({ cms, databaseUrl: env.DATABASE_URL }, admin, tenantId, run.action, '')
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      error(503, 'The console is temporarily unavailable.')
    }
    return { retry: 'run', queued: tenantId }
  },
  /** Puts a failed billing event back in the billing worker's queue (audit-logged). */
  retryBillingEvent: async ({ locals, request }) => {
    const admin = await requireSuperAdmin(locals)
    const id = idField(await request.formData(), 'eventId')
    if (!id.success) return fail(400, { retry: 'billing', error: 'Not a valid event id.' })
    if (!billingPool) error(503, 'Retrying needs the hub to have DATABASE_URL.')
    try {
      const retried = await retryBillingEvent({ cms, pool: billingPool }, admin, id.data)
      if (!retried)
        return fail(409, { retry: 'billing', error: 'That event is not failed: nothing to retry.' })
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      error(503, 'The console is temporarily unavailable.')
    }
    return { retry: 'billing', queued: id.data }
  },
  /** Runs provisioning again for a school in `failed` status. */
  retryTenant: async ({ locals, request }) => {
    const admin = await requireSuperAdmin(locals)
    const id = idField(await request.formData(), 'tenantId')
    if (!id.success) return fail(400, { retry: 'tenant', error: 'Not a valid school id.' })
    if (!env.DATABASE_URL) error(503, 'Retrying needs the hub to have DATABASE_URL.')
    try {
      const tenant = await cms.findByID('tenants', id.data, { select: { status: true } })
      if (!tenant) return fail(404, { retry: 'tenant', error: 'No such school.' })
      if (tenant.status !== 'failed')
        return fail(409, { retry: 'tenant', error: 'That school is not failed.' })
      await requestTenantAction({ cms, databaseUrl: env.DATABASE_URL }, admin, id.data, 'provision', '')
    } catch (cause) {
      if (!isCmsError(cause)) throw cause
      error(503, 'The console is temporarily unavailable.')
    }
    return { retry: 'tenant', queued: id.data }
  },
}
