/**
 * Onboarding: a signed-in account creates its school in the cms (status `pending` until payment)
 * and becomes its admin. Everything goes through the platform key; the account id comes from
 * the session, never from the form.
 */
import { type CmsClient, isCmsError } from '@lyceum/cms-client'
import { BILLING_INTERVALS, currencySchema, type Locale, minorUnitsSchema } from '@lyceum/domain'
import { z } from 'zod'

const planOptionSchema = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  name: z.string().min(1),
  priceMinor: minorUnitsSchema,
  currency: currencySchema,
  interval: z.enum(BILLING_INTERVALS),
  trialDays: z.number().int().nonnegative(),
})
export type PlanOption = z.infer<typeof planOptionSchema>

/** The active plans, by `sortOrder` then name (invalid documents are left out). */
export async function listPlanOptions(cms: Pick<CmsClient, 'find'>): Promise<PlanOption[]> {
  const page = await cms.find('plans', {
    where: { active: { equals: true } },
    sort: ['sortOrder', 'name'],
    limit: 50,
  })
  return page.docs.flatMap((doc) => {
    const parsed = planOptionSchema.safeParse(doc)
    return parsed.success ? [parsed.data] : []
  })
}

/** Whether no school has `slug` yet (the cms's unique index has the last word at creation). */
export async function slugAvailable(cms: Pick<CmsClient, 'count'>, slug: string): Promise<boolean> {
  return (await cms.count('tenants', { where: { slug: { equals: slug } } })) === 0
}

export type NewSchool = {
  name: string
  slug: string
  locale: Locale
  primaryColor: string
  plan: string
}

/**
 * Creates the school (`pending`, awaiting payment) and adds `accountId` as its admin.
 *
 * @returns `{ ok: true, tenantId }`, or `{ ok: false, field: 'slug' }` when the address was
 *   taken meanwhile (the cms refused it as not unique).
 * @throws CmsError for anything else; a school whose admin could not be added is deleted again.
 */
export async function createSchool(
  cms: CmsClient,
  accountId: string,
  school: NewSchool,
): Promise<{ ok: true; tenantId: string } | { ok: false; field: 'slug' }> {
  let tenantId: string
  try {
    const tenant = await cms.create('tenants', {
      name: school.name,
      slug: school.slug,
      status: 'pending',
      locale: school.locale,
      plan: school.plan,
      branding: { primaryColor: school.primaryColor },
    })
    tenantId = tenant.id
  } catch (error) {
    if (isCmsError(error, 'validation') && error.fieldErrors.some((f) => f.path === 'slug')) {
      return { ok: false, field: 'slug' }
    }
    throw error
  }
  try {
    const user = await cms.findByID('users', accountId)
    if (!user) throw new Error(`account ${accountId} not found while adding it to its new school`)
    const memberships = (user.memberships ?? []).map((row) => ({
      tenant: typeof row.tenant === 'string' ? row.tenant : row.tenant.id,
      role: row.role,
    }))
    await cms.update('users', accountId, {
      memberships: [...memberships, { tenant: tenantId, role: 'admin' }],
    })
  } catch (error) {
    await cms.delete('tenants', tenantId).catch(() => {})
    throw error
  }
  return { ok: true, tenantId }
}
