import type { ProvisioningAction, TenantStatus } from '@lyceum/domain'
import { describe, expect, it } from 'vitest'
import {
  DEPROVISION_PLAN,
  PROVISION_PLAN,
  planFor,
  REPROVISION_PLAN,
  RESUME_PLAN,
  type StepName,
  SUSPEND_PLAN,
  tenantEnv,
} from './steps.ts'

describe('planFor: the plan of each action, by the school’s status', () => {
  const REFUSED = 'refused'
  // action, status, deployed?, plan (or refused)
  const table: Array<[ProvisioningAction, TenantStatus, boolean, readonly StepName[] | typeof REFUSED]> = [
    ['provision', 'pending', false, PROVISION_PLAN],
    ['provision', 'failed', true, PROVISION_PLAN],
    ['provision', 'active', true, PROVISION_PLAN],
    ['provision', 'suspended', true, REFUSED],
    ['provision', 'deprovisioned', false, REFUSED],
    ['reprovision', 'deprovisioned', false, REPROVISION_PLAN],
    ['reprovision', 'active', true, REPROVISION_PLAN],
    ['suspend', 'active', true, SUSPEND_PLAN],
    ['suspend', 'pending', false, SUSPEND_PLAN],
    ['suspend', 'deprovisioned', false, REFUSED],
    ['resume', 'suspended', true, RESUME_PLAN],
    ['resume', 'active', true, RESUME_PLAN],
    ['resume', 'pending', false, PROVISION_PLAN],
    ['resume', 'deprovisioned', false, REFUSED],
    ['deprovision', 'active', true, DEPROVISION_PLAN],
    ['deprovision', 'deprovisioned', false, DEPROVISION_PLAN],
  ]
  it.each(table)('%s of a %s school (deployed: %s) → %j', (action, status, deployed, plan) => {
    if (plan === REFUSED) expect(() => planFor(action, status, deployed)).toThrow(/the school is/)
    else expect(planFor(action, status, deployed)).toEqual(plan)
  })

  it('reprovision differs from provision only by a fresh instance', () => {
    expect(REPROVISION_PLAN.filter((s) => s !== 'redeploy')).toEqual(
      PROVISION_PLAN.filter((s) => s !== 'deploy'),
    )
  })
})

describe('tenantEnv', () => {
  it('gives the instance its slug, cms, key, locale and public URL; the cms host only when set', () => {
    const config = {
      tenantCmsUrl: 'http://127.0.0.1:3001',
      publicUrl: (slug: string) => `https://${slug}.lyceum.example`,
      extraTenantEnv: { LYCEUM_TENANT_SLUG: 'overridden?', EXTRA: '1' },
      healthTimeoutMs: 1,
      retentionMs: 1,
      exportDir: '/tmp',
    }
    const tenant = { slug: 'northwind', locale: 'fr' } as Parameters<typeof tenantEnv>[1]
    expect(tenantEnv(config, tenant, 'key-123')).toEqual({
      EXTRA: '1',
      LYCEUM_TENANT_SLUG: 'northwind',
      LYCEUM_CMS_URL: 'http://127.0.0.1:3001',
      LYCEUM_TENANT_API_KEY: 'key-123',
      LYCEUM_PUBLIC_URL: 'https://northwind.lyceum.example',
      LYCEUM_LOCALE: 'fr',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    })
    expect(tenantEnv({ ...config, tenantCmsHost: 'cms.localhost:8080' }, tenant, 'k').LYCEUM_CMS_HOST).toBe(
      'cms.localhost:8080',
    )
  })
})
