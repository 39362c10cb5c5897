import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'
import { createKey, createMember, createTenant, PASSWORD } from './support/world.ts'

let cms: TestCms
beforeAll(async () => {
  cms = await startTestCms()
})
afterAll(() => cms?.close())

const keyHeader = (apiKey: string) => ({ authorization: `service-keys API-Key ${apiKey}` })

async function mint(headers: Record<string, string>, tenant: string) {
  const apiKey = randomUUID()
  const res = await fetch(`${cms.baseUrl}/api/service-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      name: `key-${apiKey.slice(0, 8)}`,
      kind: 'tenant',
      tenant,
      enableAPIKey: true,
      apiKey,
    }),
  })
  return { status: res.status, apiKey }
}

async function readsTenant(apiKey: string, tenant: string) {
  const res = await fetch(`${cms.baseUrl}/api/tenants/${tenant}?depth=0`, { headers: keyHeader(apiKey) })
  return res.status
}

describe('minting a school key over REST', () => {
  it('works with the platform key: the new key reads its school at once', async () => {
    const tenant = await createTenant(cms.payload)
    const platform = await createKey(cms.payload, 'platform', null)
    const minted = await mint(keyHeader(platform.apiKey), tenant)
    expect(minted.status).toBe(201)
    expect(await readsTenant(minted.apiKey, tenant)).toBe(200)
  })

  it('works for a super-admin session', async () => {
    const tenant = await createTenant(cms.payload)
    const admin = await createMember(cms.payload, null, 'learner', { platformRole: 'super-admin' })
    const { token } = await cms.payload.login({
      collection: 'users',
      data: { email: admin.email, password: PASSWORD },
    })
    const minted = await mint({ authorization: `JWT ${token}` }, tenant)
    expect(minted.status).toBe(201)
    expect(await readsTenant(minted.apiKey, tenant)).toBe(200)
  })

  it('is refused to a school key and to a school admin', async () => {
    const tenant = await createTenant(cms.payload)
    const schoolKey = await createKey(cms.payload, 'tenant', tenant)
    expect((await mint(keyHeader(schoolKey.apiKey), tenant)).status).toBe(403)
    const admin = await createMember(cms.payload, tenant, 'admin')
    const { token } = await cms.payload.login({
      collection: 'users',
      data: { email: admin.email, password: PASSWORD },
    })
    expect((await mint({ authorization: `JWT ${token}` }, tenant)).status).toBe(403)
  })

  it('does not let the platform key into the admin UI: it has no password login', async () => {
    const res = await fetch(`${cms.baseUrl}/api/service-keys/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.com', password: 'x' }),
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})
