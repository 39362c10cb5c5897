/**
 * What a school's admin may change about their school (name, locale, branding, self-signup —
 * never its slug, status or plan, and never another school), the brand colour rule (white text
 * must read on it at WCAG AA), and lesson attachments (the school's own media only). Over REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCms, type TestCms } from './support/cms.ts'
import {
  createCourse,
  createKey,
  createLesson,
  createMedia,
  createMember,
  createPlan,
  createSection,
  createTenant,
  PASSWORD,
} from './support/world.ts'

let cms: TestCms

beforeAll(async () => {
  cms = await startTestCms()
})
afterAll(() => cms?.close())

async function rest(method: string, path: string, auth: string, body?: unknown) {
  const res = await fetch(`${cms.baseUrl}/api/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    body: (await res.json()) as { errors?: Array<{ data?: { errors?: Array<{ path: string }> } }> },
  }
}

async function jwtOf(email: string): Promise<string> {
  const login = await cms.payload.login({ collection: 'users', data: { email, password: PASSWORD } })
  return `JWT ${login.token ?? ''}`
}

const stored = (id: string) =>
  cms.payload.findByID({ collection: 'tenants', id, depth: 0, overrideAccess: true })

describe('school settings', () => {
  it('an admin changes name, locale, colour and self-signup of their school; slug, status and plan stay', async () => {
    const plan = await createPlan(cms.payload)
    const tenant = await createTenant(cms.payload, plan)
    const before = await stored(tenant)
    const admin = await createMember(cms.payload, tenant, 'admin')
    const otherPlan = await createPlan(cms.payload)
    const reply = await rest('PATCH', `tenants/${tenant}`, await jwtOf(admin.email), {
      name: 'Renamed Academy',
      locale: 'fr',
      branding: { primaryColor: '#14532d' },
      allowSelfSignup: true,
      slug: 'hijacked-slug',
      status: 'suspended',
      plan: otherPlan,
    })
    expect(reply.status).toBe(200)
    const after = await stored(tenant)
    expect({
      name: after.name,
      locale: after.locale,
      color: after.branding?.primaryColor,
      allowSelfSignup: after.allowSelfSignup,
      slug: after.slug,
      status: after.status,
      plan: after.plan,
    }).toEqual({
      name: 'Renamed Academy',
      locale: 'fr',
      color: '#14532d',
      allowSelfSignup: true,
      slug: before.slug,
      status: before.status,
      plan: before.plan,
    })
  })

  it('another school answers 404 to an admin, and an instructor or a key cannot change their own', async () => {
    const tenant = await createTenant(cms.payload)
    const other = await createTenant(cms.payload)
    const admin = await createMember(cms.payload, tenant, 'admin')
    const instructor = await createMember(cms.payload, tenant, 'instructor')
    const key = await createKey(cms.payload, 'tenant', tenant)
    const foreign = await rest('PATCH', `tenants/${other}`, await jwtOf(admin.email), { name: 'Taken over' })
    expect(foreign.status).toBe(404)
    const asInstructor = await rest('PATCH', `tenants/${tenant}`, await jwtOf(instructor.email), {
      name: 'Mine',
    })
    expect(asInstructor.status).toBe(403)
    const asKey = await rest('PATCH', `tenants/${tenant}`, `service-keys API-Key ${key.apiKey}`, {
      name: 'Mine',
    })
    expect(asKey.status).toBe(403)
    const names = [(await stored(tenant)).name, (await stored(other)).name]
    expect(names).not.toContain('Taken over')
    expect(names).not.toContain('Mine')
  })

  it('refuses a colour white text cannot be read on (admins), with the field; the platform is not held to it', async () => {
    const tenant = await createTenant(cms.payload)
    const admin = await createMember(cms.payload, tenant, 'admin')
    const light = await rest('PATCH', `tenants/${tenant}`, await jwtOf(admin.email), {
      branding: { primaryColor: '#ffd700' },
    })
    expect(light.status).toBe(400)
    expect(light.body.errors?.[0]?.data?.errors?.[0]?.path).toBe('branding.primaryColor')
    expect((await stored(tenant)).branding?.primaryColor).toBe('#1d4ed8')
    const platform = await createKey(cms.payload, 'platform', null)
    const byPlatform = await rest('PATCH', `tenants/${tenant}`, `service-keys API-Key ${platform.apiKey}`, {
      branding: { primaryColor: '#ffd700' },
    })
    expect(byPlatform.status).toBe(200)
  })
})

describe('lesson attachments', () => {
  it('link the school’s own media only; another school’s file is "not found" and nothing changes', async () => {
    const tenant = await createTenant(cms.payload)
    const other = await createTenant(cms.payload)
    const instructor = await createMember(cms.payload, tenant, 'instructor')
    const course = await createCourse(cms.payload, tenant, false)
    const section = await createSection(cms.payload, tenant, course)
    const lesson = await createLesson(cms.payload, tenant, section)
    const own = await createMedia(cms.payload, tenant)
    const own2 = await createMedia(cms.payload, tenant)
    const foreign = await createMedia(cms.payload, other)
    const auth = await jwtOf(instructor.email)
    expect((await rest('PATCH', `lessons/${lesson}`, auth, { attachments: [own, own2] })).status).toBe(200)
    const refused = await rest('PATCH', `lessons/${lesson}`, auth, { attachments: [own, foreign] })
    expect(refused.status).toBe(400)
    expect(refused.body.errors?.[0]?.data?.errors?.[0]?.path).toBe('attachments')
    const after = await cms.payload.findByID({
      collection: 'lessons',
      id: lesson,
      depth: 0,
      overrideAccess: true,
    })
    expect(after.attachments).toEqual([own, own2])
  })
})
