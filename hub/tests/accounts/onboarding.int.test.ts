/**
 * Onboarding through the hub's production build with the real cms: the live subdomain check
 * (the foundation's rules, availability), field errors kept in place, and the school created
 * `pending` with the account as its admin, then on to /checkout/<tenantId>.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { newEmail, signUp, startWorld, Visitor, type World } from './support.ts'

let world: World
let member: Visitor
let email: string

beforeAll(async () => {
  world = await startWorld()
  email = newEmail('owner')
  member = await signUp(world, email)
}, 120_000)

afterAll(async () => {
  await world?.close()
})

function showHubLogOnFailure() {
  onTestFailed(() => console.log(`hub output:\n${world.hub.output()}`))
}

async function check(slug: string, visitor = member) {
  const response = await visitor.get(`/onboarding/slug?slug=${encodeURIComponent(slug)}`)
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> }
}

async function firstPlanId(): Promise<string> {
  const plans = await world.platform.find('plans', { where: { active: { equals: true } }, sort: 'sortOrder' })
  const id = plans.docs[0]?.id
  if (!id) throw new Error('the seed has no active plan')
  return id
}

describe('the live subdomain check', () => {
  it.each([
    ['ab', false, 'too_short'],
    ['-school', false, 'hyphen_at_edge'],
    ['école', false, 'invalid_characters'],
    ['admin', false, 'reserved'],
    ['billing', false, 'reserved'], // LYCEUM_RESERVED_SLUGS
    ['northwind', false, 'taken'], // a seeded school
    ['NorthWind', false, 'taken'],
    ['brand-new-school', true, undefined],
  ])('%s → ok %s (%s)', async (slug, ok, problem) => {
    const { status, body } = await check(slug)
    expect(status).toBe(200)
    expect(body.ok).toBe(ok)
    expect(body.problem).toBe(problem)
    expect(typeof body.message).toBe('string')
    if (ok) expect(body.address).toBe(`${slug}.lyceum.test`)
  })

  it('speaks French to a French visitor', async () => {
    const french = new Visitor(world.hub.url, 'fr')
    for (const [name, value] of member.cookies) french.cookies.set(name, value)
    const { body } = await check('northwind', french)
    expect(body.message).toBe('Cette adresse est déjà prise. Choisissez-en une autre.')
  })

  it('is for signed-in accounts only', async () => {
    const { status } = await check('anything', new Visitor(world.hub.url))
    expect(status).toBe(401)
  })
})

describe('creating the school', () => {
  it('sends a signed-out visitor to sign in first', async () => {
    const anonymous = new Visitor(world.hub.url)
    expect((await anonymous.get('/onboarding')).location).toBe('/login?next=/onboarding')
    const post = await anonymous.post('/onboarding', { name: 'X' })
    expect(post.status).toBe(303)
    expect(post.location).toBe('/login?next=/onboarding')
  })

  it('keeps every field and its error in place, and creates nothing', async () => {
    const before = await world.platform.count('tenants')
    const r = await member.post('/onboarding', {
      name: '',
      slug: 'Admin',
      locale: 'de',
      primaryColor: 'blue',
      plan: 'not-a-plan',
    })
    expect(r.status).toBe(400)
    for (const field of ['name', 'slug', 'primaryColor'])
      expect(r.body).toContain(`data-field-error="${field}"`)
    expect(r.body).toContain('data-field-error="plan"')
    expect(r.body).toContain('This address is reserved.')
    expect(r.body).toContain('Choose English or French.')
    expect(r.body).toContain('value="Admin"')
    expect(await world.platform.count('tenants')).toBe(before)

    const taken = await member.post('/onboarding', {
      name: 'Copycat',
      slug: 'northwind',
      locale: 'en',
      primaryColor: '#123456',
      plan: await firstPlanId(),
    })
    expect(taken.status).toBe(400)
    expect(taken.body).toContain('This address is already taken.')
    expect(taken.body).toContain('value="Copycat"')
  })

  it('creates a pending school with the account as admin, then sends to checkout', async () => {
    showHubLogOnFailure()
    const plan = await firstPlanId()
    const r = await member.post('/onboarding', {
      name: 'École des Tests',
      slug: 'Ecole-des-Tests',
      locale: 'fr',
      primaryColor: '#AA3300',
      plan,
    })
    expect(r.status).toBe(303)
    const tenantId = /^\/checkout\/([0-9a-f-]{36})$/.exec(r.location ?? '')?.[1]
    expect(tenantId).toBeDefined()
    const tenant = await world.platform.findByID('tenants', tenantId ?? '')
    expect(tenant).toMatchObject({
      name: 'École des Tests',
      slug: 'ecole-des-tests',
      status: 'pending',
      locale: 'fr',
      plan,
      branding: { primaryColor: '#aa3300' },
    })
    const users = await world.platform.find('users', { where: { email: { equals: email } } })
    expect(users.docs[0]?.memberships).toEqual([expect.objectContaining({ tenant: tenantId, role: 'admin' })])
    // The address is now taken for everyone.
    expect((await check('ecole-des-tests')).body.problem).toBe('taken')
  })
})
