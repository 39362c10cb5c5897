/**
 * The gateway's school lookup (`cmsTenantLookup`) against the real cms: how soon a status change
 * shows. A school being set up is re-read within a quarter second (it goes live right after its
 * run marks it active); other statuses are cached for the full delay.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cmsTenantLookup } from '../src/drivers/local/routes.ts'
import { createSchool, startTestCms, type TestCms } from './support/cms.ts'
import { waitFor } from './support/local.ts'

let t: TestCms
beforeAll(async () => {
  t = await startTestCms()
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe('cmsTenantLookup', () => {
  it('re-reads a school being set up within 250 ms, and caches an active one for the full delay', async () => {
    const lookup = cmsTenantLookup(t.cms, 60_000, 250)
    const school = await createSchool(t.cms, 'lookup')
    expect(await lookup(school.slug)).toMatchObject({ status: 'pending', name: school.name, locale: 'en' })
    await t.cms.update('tenants', school.id, { status: 'provisioning' })
    await t.cms.update('tenants', school.id, { status: 'active' })
    const changed = Date.now()
    await waitFor(
      'the active status at the gateway',
      async () => (await lookup(school.slug))?.status === 'active',
    )
    // Well below the 60 s of a stable status (the cms's own round trips included).
    expect(Date.now() - changed).toBeLessThan(10_000)

    await t.cms.update('tenants', school.id, { status: 'suspended' })
    await sleep(600)
    expect((await lookup(school.slug))?.status).toBe('active')
    expect((await cmsTenantLookup(t.cms)(school.slug))?.status).toBe('suspended')
    expect(await lookup('no-such-school-here')).toBeNull()
  })
})
