import { isCmsError } from '@lyceum/cms-client'
import {
  type ActionFailure,
  error,
  fail,
  isActionFailure,
  isHttpError,
  isRedirect,
  redirect,
} from '@sveltejs/kit'
import { z } from 'zod'
import { billingConfig, billingPool, mailer } from '../../../../lib/server/billing/runtime.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import {
  audit,
  billingPortalUrl,
  changePlan,
  listInvoices,
  type PlanChange,
  PortalRefusal,
  previewPlanChange,
  schoolView,
  setCancelAtPeriodEnd,
} from '../../../../lib/server/portal/account.ts'
import { enqueueExport } from '../../../../lib/server/portal/exports.ts'
import { exportKey } from '../../../../lib/server/portal/exports-runtime.ts'
import { inviteCoOwner, inviteSchema, schoolOwners } from '../../../../lib/server/portal/owners.ts'
import { portalDeps } from '../../../../lib/server/portal/runtime.ts'
import { findOwnSchool } from '../../../../lib/server/schools.ts'
import type { Actions, PageServerLoad, RequestEvent } from './$types'

/**
 * One school in the customer portal. Every load and action starts with the owner check
 * (`findOwnSchool`): signed out → sign in; anybody but an admin of this school → the same 404 as a
 * school that does not exist, before anything is read, changed or audit-logged.
 */
async function ownSchool({ locals, params, url }: Pick<RequestEvent, 'locals' | 'params' | 'url'>) {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
  const school = await findOwnSchool(cms, locals.account, params.tenantId)
  if (!school) error(404, 'Not found')
  return { school, owner: locals.account }
}

/** Every failed form answer has this one shape (the page reads `form.<field>`). */
type Failure = {
  /** Co-owner invitation: the address field's error. */
  invite: 'invalid' | 'already' | 'full' | null
  refusal: PortalRefusal['code'] | null
  limits: PortalRefusal['limits']
  providerError: boolean
  invalid: boolean
  confirmRequired: boolean
}
const failure = (status: number, fields: Partial<Failure>): ActionFailure<Failure> =>
  fail(status, {
    invite: null,
    refusal: null,
    limits: [],
    providerError: false,
    invalid: false,
    confirmRequired: false,
    ...fields,
  } satisfies Failure)

/** Runs `work`, turning a cms outage into the 503 page and a refusal into a 4xx form answer. */
async function guarded<T>(work: () => Promise<T>) {
  try {
    return await work()
  } catch (cause) {
    if (cause instanceof PortalRefusal) {
      return failure(cause.code === 'unknown_plan' ? 400 : 409, { refusal: cause.code, limits: cause.limits })
    }
    if (isCmsError(cause)) {
      console.error(`[hub] account: the cms did not answer (${cause.code}, ${cause.request})`)
      error(503, 'Your account is temporarily unavailable.')
    }
    if (isRedirect(cause) || isHttpError(cause)) throw cause
    console.error('[hub] account: the payment provider refused the request:', cause)
    return failure(502, { providerError: true })
  }
}

type Preview = { planCode: string; planName: string; amountMinor: number; currency: string }
const previewOf = (change: PlanChange): Preview => ({
  planCode: change.plan.code,
  planName: change.plan.name,
  amountMinor: change.preview.amountMinor,
  currency: change.preview.currency,
})

export const load: PageServerLoad = async (event) => {
  const { school } = await ownSchool(event)
  const deps = portalDeps(event.url.origin)
  const { url } = event
  try {
    const [view, owners] = await Promise.all([schoolView(deps, school), schoolOwners(cms, school.id)])
    let invoices: Awaited<ReturnType<typeof listInvoices>> | null
    try {
      invoices = await listInvoices(deps, school.id)
    } catch (cause) {
      if (isCmsError(cause)) throw cause
      console.error('[hub] account: the invoices could not be read from the provider:', cause)
      invoices = null
    }
    // `?plan=<code>`: the proration preview and the confirmation of a plan change.
    let preview: Preview | null = null
    let refusal: { code: PortalRefusal['code']; limits: string[] } | null = null
    const planCode = url.searchParams.get('plan')
    if (planCode) {
      try {
        preview = previewOf(await previewPlanChange(deps, school.id, planCode.slice(0, 100)))
      } catch (cause) {
        if (!(cause instanceof PortalRefusal)) throw cause
        refusal = { code: cause.code, limits: cause.limits }
      }
    }
    return {
      ...view,
      invoices,
      owners,
      preview,
      refusal,
      confirm: url.searchParams.get('confirm') === 'cancel' ? ('cancel' as const) : null,
      done: url.searchParams.get('done'),
      retentionDays: billingConfig.policy.retentionDays,
    }
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] account: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'Your account is temporarily unavailable.')
  }
}

const changeSchema = z.object({ plan: z.string().trim().min(1).max(100), confirm: z.literal('yes') })
const confirmSchema = z.object({ confirm: z.literal('yes') })

export const actions: Actions = {
  /** Changes the plan (form: `plan`, `confirm=yes` from the preview). */
  change: async (event) => {
    const { school, owner } = await ownSchool(event)
    const form = await event.request.formData()
    const parsed = changeSchema.safeParse({ plan: form.get('plan') ?? '', confirm: form.get('confirm') })
    if (!parsed.success) return failure(400, { invalid: true })
    const result = await guarded(() =>
      changePlan(portalDeps(event.url.origin), owner, school.id, parsed.data.plan),
    )
    if (isActionFailure(result)) return result
    redirect(303, `${event.url.pathname}?done=plan`)
  },
  /** Cancels at the end of the period (form: `confirm=yes`, from the `?confirm=cancel` step). */
  cancel: async (event) => {
    const { school, owner } = await ownSchool(event)
    const form = await event.request.formData()
    if (!confirmSchema.safeParse({ confirm: form.get('confirm') }).success) {
      return failure(400, { confirmRequired: true })
    }
    const result = await guarded(() =>
      setCancelAtPeriodEnd(portalDeps(event.url.origin), owner, school.id, true),
    )
    if (isActionFailure(result)) return result
    redirect(303, `${event.url.pathname}?done=cancel`)
  },
  /** Undoes a cancel at period end: the subscription renews again. */
  resume: async (event) => {
    const { school, owner } = await ownSchool(event)
    const result = await guarded(() =>
      setCancelAtPeriodEnd(portalDeps(event.url.origin), owner, school.id, false),
    )
    if (isActionFailure(result)) return result
    redirect(303, `${event.url.pathname}?done=resume`)
  },
  /** Opens the provider's billing portal (payment method, invoices). */
  portal: async (event) => {
    const { school, owner } = await ownSchool(event)
    const url = await guarded(() =>
      billingPortalUrl(
        portalDeps(event.url.origin),
        owner,
        school.id,
        `${event.url.origin}${event.url.pathname}`,
      ),
    )
    if (typeof url !== 'string') return url
    redirect(303, url)
  },
  /**
   * Queues a data export (the deprovisioning archive); the owner gets a mail with a link valid
   * 24 hours. Needs DATABASE_URL (the queue) and the platform key (the link's signature): 503 without.
   */
  export: async (event) => {
    const { school, owner } = await ownSchool(event)
    if (!billingPool || !exportKey) error(503, 'Exports are not available on this platform.')
    await audit(cms, owner, school.id, 'account.export_requested', `tenants:${school.id}`, {})
    await enqueueExport(billingPool, {
      tenantId: school.id,
      ownerId: owner.id,
      email: owner.email,
      locale: event.locals.locale,
    })
    redirect(303, `${event.url.pathname}?done=export`)
  },
  /** Invites a co-owner by email (form: `email`); they get an admin membership on accepting. */
  invite: async (event) => {
    const { school, owner } = await ownSchool(event)
    const parsed = inviteSchema.safeParse({ email: (await event.request.formData()).get('email') ?? '' })
    if (!parsed.success) return failure(400, { invite: 'invalid' })
    try {
      const sent = await inviteCoOwner(
        { cms, mailer, hubPublicUrl: env.LYCEUM_HUB_PUBLIC_URL },
        owner,
        school,
        parsed.data.email,
        event.locals.locale,
      )
      if (!sent) return failure(409, { invite: 'already' })
    } catch (cause) {
      if (isCmsError(cause) && cause.status === 409) return failure(409, { invite: 'full' })
      throw cause
    }
    redirect(303, `${event.url.pathname}?done=invite`)
  },
}
