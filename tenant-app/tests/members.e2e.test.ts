/**
 * The school admin's members page and invitations, in real Chromium against the real cms
 * (production builds, fresh database, demo seed) and real SMTP to an in-process MailDev catcher:
 * an admin invites, the link arrives by mail, the invited person accepts with a new account (or
 * their existing account of another school) and is a learner of the school; a used, expired or
 * unknown link gets one "no longer valid" page; an invited instructor joins as one; non-admins
 * get the 404; the seat limit; role
 * changes and removal; an instance without SMTP says so. Needs `pnpm build` here and the cms build.
 */
import { createRequire } from 'node:module'
import type { CmsClient } from '@lyceum/cms-client'
import { type MailCatcher, startMailCatcher, waitForMessage } from '@lyceum/mail/catcher'
import { launchChromium } from '@lyceum/testing/browser'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTenantApp, type TenantApp } from './support/instance.ts'
import { startWorld, type World } from './support/world.ts'

const PASSWORD = 'lyceum-demo-2026'

let world: World
let catcher: MailCatcher
let browser: Browser
let northwind: TenantApp
let withoutMail: TenantApp
/** Northwind's browser-facing origin (its own host name). */
let nw: string
let nwNoMail: string
const contexts: BrowserContext[] = []

const portOf = (app: TenantApp) => new URL(app.baseUrl).port

beforeAll(async () => {
  world = await startWorld()
  catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 })
  const env = {
    LYCEUM_TENANT_SLUG: 'northwind',
    LYCEUM_CMS_URL: world.cms.baseUrl,
    LYCEUM_TENANT_API_KEY: world.northwind.key,
  }
  northwind = await startTenantApp({
    ...env,
    LYCEUM_SMTP_URL: catcher.smtpUrl,
    LYCEUM_MAIL_FROM: 'Northwind <school@northwind.example>',
  })
  withoutMail = await startTenantApp(env)
  nw = `http://northwind.localhost:${portOf(northwind)}`
  nwNoMail = `http://northwind.localhost:${portOf(withoutMail)}`
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  for (const app of [northwind, withoutMail]) await app?.close()
  await catcher?.stop()
  await world?.close()
})

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options)
  contexts.push(context)
  return context.newPage()
}

async function signIn(page: Page, origin: string, email: string, password = PASSWORD) {
  await page.goto(`${origin}/login`)
  await page.getByLabel(/^Email$/).fill(email)
  await page.getByLabel(/^Password$/).fill(password)
  await page.getByRole('button', { name: /^Sign in$/ }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
}

/** Invites `email` (as `role`, else the form's default) from the members page as the signed-in admin; returns the form's message. */
async function invite(page: Page, origin: string, email: string, role?: string): Promise<string> {
  await page.goto(`${origin}/admin/members`)
  await page.getByLabel('Email address').fill(email)
  if (role) await page.getByLabel('Role on joining').selectOption({ label: role })
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  const answer = page.locator('.form-success, .form-error').filter({ hasText: /\S/ })
  await answer.first().waitFor({ timeout: 15_000 })
  return (await answer.first().textContent()) ?? ''
}

/** The one-time link in the invitation mail to `email`. */
async function invitationLink(email: string): Promise<string> {
  const message = await waitForMessage(catcher.webUrl, {
    to: email,
    subjectIncludes: 'invited',
    timeoutMs: 20_000,
  })
  const link = /http:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(message.text)?.[0]
  if (!link) throw new Error(`no invitation link in: ${message.text}`)
  return link
}

async function userByEmail(platform: CmsClient, email: string) {
  const { docs } = await platform.find('users', { where: { email: { equals: email } }, limit: 1, depth: 0 })
  return docs[0] ?? null
}

function rolesOf(user: { memberships?: unknown } | null): Record<string, string> {
  const rows = (user?.memberships ?? []) as Array<{ tenant?: unknown; role?: unknown }>
  return Object.fromEntries(
    rows.map((row) => [
      typeof row.tenant === 'object' && row.tenant && 'id' in row.tenant
        ? String(row.tenant.id)
        : String(row.tenant),
      String(row.role),
    ]),
  )
}

async function sql(query: string, values: unknown[]): Promise<void> {
  const requireFromTesting = createRequire(import.meta.resolve('@lyceum/testing/db'))
  // pg is a dependency of @lyceum/testing, not of the tenant-app: loaded from there.
  const { Client } = requireFromTesting('pg') as {
    Client: new (options: {
      connectionString: string
    }) => {
      connect(): Promise<void>
      query(sql: string, values: unknown[]): Promise<unknown>
      end(): Promise<void>
    }
  }
  const client = new Client({ connectionString: world.cms.databaseUrl })
  await client.connect()
  try {
    await client.query(query, values)
  } finally {
    await client.end()
  }
}

describe('inviting a learner', () => {
  it('mails a one-time link; accepting with a new account makes a learner of this school, signed in', async () => {
    const admin = await newPage()
    await signIn(admin, nw, 'admin@northwind.example')
    const email = 'new.learner@example.org'
    expect(await invite(admin, nw, email)).toBe(`Invitation sent to ${email}.`)
    await admin.reload()
    await expect.poll(async () => admin.getByRole('heading', { name: 'Pending invitations' }).count()).toBe(1)
    expect(
      await admin.getByText(new RegExp(`^${email.replace('.', '\\.')} \\(as Learner\\) — expires`)).count(),
    ).toBe(1)

    const link = await invitationLink(email)
    expect(link.startsWith(`${nw}/invitations/`)).toBe(true)

    const guest = await newPage()
    const opened = await guest.goto(link)
    expect(opened?.status()).toBe(200)
    await guest.getByRole('heading', { name: /^Join Northwind/ }).waitFor()
    expect(await guest.getByText(/as a learner, with the email new\.learner@example\.org/).count()).toBe(1)
    await guest.getByLabel('Your name').fill('Nina Newcomer')
    await guest.locator('#new-password').fill('a-long-password-1')
    await guest.getByRole('button', { name: 'Create my account and join' }).click()
    await guest.waitForURL(`${nw}/`, { timeout: 15_000 })
    await guest.getByRole('link', { name: 'My learning' }).waitFor()

    const user = await userByEmail(world.platform, email)
    expect(user?.name).toBe('Nina Newcomer')
    expect(rolesOf(user)).toEqual({ [world.northwind.id]: 'learner' })
    const { docs } = await world.platform.find('invitations', {
      where: { email: { equals: email } },
      depth: 0,
    })
    expect(docs).toHaveLength(1)
    expect(docs[0]?.acceptedBy).toBe(user?.id)

    // The link worked once: now it is "no longer valid", with a 404.
    const again = await newPage()
    const reopened = await again.goto(link)
    expect(reopened?.status()).toBe(404)
    await again.getByRole('heading', { name: 'This invitation is no longer valid' }).waitFor()
    expect(await again.getByRole('button', { name: /join/i }).count()).toBe(0)
  })

  it('invites an instructor: the invitation page says so, and accepting makes an instructor who can teach', async () => {
    const admin = await newPage({ javaScriptEnabled: false })
    await signIn(admin, nw, 'admin@northwind.example')
    const email = 'new.instructor@example.org'
    expect(await invite(admin, nw, email, 'Instructor')).toBe(`Invitation sent to ${email}.`)
    await admin.goto(`${nw}/admin/members`)
    expect(await admin.getByText(/^new\.instructor@example\.org \(as Instructor\) — expires/).count()).toBe(1)
    const link = await invitationLink(email)
    const guest = await newPage()
    await guest.goto(link)
    expect(
      await guest.getByText(/as an instructor, with the email new\.instructor@example\.org/).count(),
    ).toBe(1)
    await guest.getByLabel('Your name').fill('Ivan Instructor')
    await guest.locator('#new-password').fill('a-long-password-2')
    await guest.getByRole('button', { name: 'Create my account and join' }).click()
    await guest.waitForURL(`${nw}/`, { timeout: 15_000 })
    await guest.getByRole('link', { name: 'Teach' }).waitFor()
    expect(rolesOf(await userByEmail(world.platform, email))).toEqual({ [world.northwind.id]: 'instructor' })
    await guest.goto(`${nw}/teach`)
    expect(await guest.getByRole('heading', { level: 1 }).count()).toBe(1)
    expect((await guest.goto(`${nw}/teach`))?.status()).toBe(200)
  })

  it('gives one "no longer valid" page for used, expired and unknown links', async () => {
    const admin = await newPage()
    await signIn(admin, nw, 'admin@northwind.example')
    const email = 'late.comer@example.org'
    expect(await invite(admin, nw, email)).toBe(`Invitation sent to ${email}.`)
    const link = await invitationLink(email)
    await sql(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [email])
    const bodies: string[] = []
    for (const url of [link, `${nw}/invitations/${'A'.repeat(43)}`, `${nw}/invitations/not-a-token`]) {
      const page = await newPage({ javaScriptEnabled: false })
      const response = await page.goto(url)
      expect(response?.status()).toBe(404)
      bodies.push((await page.locator('main').textContent()) ?? '')
    }
    expect(bodies[0]).toContain('This invitation is no longer valid')
    expect(new Set(bodies).size).toBe(1)
  })

  it('lets the existing account of another school join with its password, keeping its other school', async () => {
    const admin = await newPage()
    await signIn(admin, nw, 'admin@northwind.example')
    const email = 'learner@lumiere.example'
    expect(await invite(admin, nw, email)).toBe(`Invitation sent to ${email}.`)
    const link = await invitationLink(email)
    const guest = await newPage()
    await guest.goto(link)
    await guest.locator('#existing-password').fill('wrong-password')
    await guest.getByRole('button', { name: 'Sign in and join' }).click()
    await guest.getByText('Wrong password for this email.').waitFor({ timeout: 15_000 })
    await guest.locator('#existing-password').fill(PASSWORD)
    await guest.getByRole('button', { name: 'Sign in and join' }).click()
    await guest.waitForURL(`${nw}/`, { timeout: 15_000 })
    await guest.getByRole('link', { name: 'My learning' }).waitFor()
    expect(rolesOf(await userByEmail(world.platform, email))).toEqual({
      [world.lumiere.id]: 'learner',
      [world.northwind.id]: 'learner',
    })
  })

  it('revokes a pending invitation: its link then gets the "no longer valid" page', async () => {
    const admin = await newPage({ javaScriptEnabled: false })
    await signIn(admin, nw, 'admin@northwind.example')
    const email = 'changed.mind@example.org'
    expect(await invite(admin, nw, email)).toBe(`Invitation sent to ${email}.`)
    const link = await invitationLink(email)
    await admin.goto(`${nw}/admin/members`)
    await admin.getByRole('button', { name: `Revoke the invitation to ${email}` }).click()
    await admin
      .getByText('The invitation was revoked: its link no longer works.')
      .waitFor({ timeout: 15_000 })
    expect(await world.platform.count('invitations', { where: { email: { equals: email } } })).toBe(0)
    const guest = await newPage({ javaScriptEnabled: false })
    expect((await guest.goto(link))?.status()).toBe(404)
    await guest.getByRole('heading', { name: 'This invitation is no longer valid' }).waitFor()
  })

  it('refuses to invite when members and open invitations fill the plan’s seats', async () => {
    const tenant = await world.platform.findByID('tenants', world.northwind.id, { depth: 0 })
    const planId = String(tenant?.plan)
    const plan = await world.platform.findByID('plans', planId, { depth: 0 })
    if (!plan) throw new Error('northwind has no plan')
    const members = await world.platform.count('users', {
      where: { 'memberships.tenant': { equals: world.northwind.id } },
    })
    const open = await world.platform.count('invitations', {
      where: {
        and: [
          { tenant: { equals: world.northwind.id } },
          { acceptedAt: { exists: false } },
          { expiresAt: { greater_than: new Date().toISOString() } },
        ],
      },
    })
    await world.platform.update('plans', planId, { limits: { ...plan.limits, seats: members + open } })
    try {
      const admin = await newPage()
      await signIn(admin, nw, 'admin@northwind.example')
      expect(await invite(admin, nw, 'one.too.many@example.org')).toMatch(/^The school is full/)
      const seats = await admin.getByTestId('usage-seats').textContent()
      expect(seats).toContain(`${members} of ${members + open} used`)
      expect(
        await world.platform.count('invitations', {
          where: { email: { equals: 'one.too.many@example.org' } },
        }),
      ).toBe(0)
    } finally {
      await world.platform.update('plans', planId, { limits: plan.limits })
    }
  })

  it('says so, and stores nothing, when the instance has no SMTP', async () => {
    const admin = await newPage()
    await signIn(admin, nwNoMail, 'admin@northwind.example')
    expect(await invite(admin, nwNoMail, 'no.mail@example.org')).toMatch(/no mail server configured/)
    expect(
      await world.platform.count('invitations', { where: { email: { equals: 'no.mail@example.org' } } }),
    ).toBe(0)
  })
})

describe('the members page', () => {
  it('is the school’s 404 for visitors, learners and instructors', async () => {
    const statuses: number[] = []
    const visitor = await newPage({ javaScriptEnabled: false })
    statuses.push((await visitor.goto(`${nw}/admin/members`))?.status() ?? 0)
    for (const email of ['learner@northwind.example', 'instructor@northwind.example']) {
      const page = await newPage()
      await signIn(page, nw, email)
      const response = await page.goto(`${nw}/admin/members`)
      statuses.push(response?.status() ?? 0)
      expect(await page.getByRole('heading', { name: 'Members' }).count()).toBe(0)
      expect(await page.getByLabel('Email address').count()).toBe(0)
    }
    expect(statuses).toEqual([404, 404, 404])
  })

  it('lists members with their roles and the plan’s usage; changes a role; removes a member', async () => {
    const admin = await newPage()
    await signIn(admin, nw, 'admin@northwind.example')
    const response = await admin.goto(`${nw}/admin/members`)
    expect(response?.status()).toBe(200)
    const row = (email: string) => admin.getByRole('row').filter({ hasText: email })
    // The admin's own row has no controls (nobody changes their own role).
    expect(await row('admin@northwind.example').getByRole('combobox').count()).toBe(0)
    expect(await row('admin@northwind.example').textContent()).toContain('You')
    expect(await admin.getByTestId('usage-seats').textContent()).toMatch(/^\d+ of \d+ used/)

    const target = 'instructor@northwind.example'
    await admin.getByLabel(`Role of ${target}`).selectOption('admin')
    await row(target).getByRole('button', { name: 'Change role' }).click()
    await admin.getByText('The role was changed.').waitFor({ timeout: 15_000 })
    expect(rolesOf(await userByEmail(world.platform, target))[world.northwind.id]).toBe('admin')
    await admin.getByLabel(`Role of ${target}`).selectOption('instructor')
    await row(target).getByRole('button', { name: 'Change role' }).click()
    await admin.waitForURL(/done=role/, { timeout: 15_000 })
    await expect
      .poll(async () => rolesOf(await userByEmail(world.platform, target))[world.northwind.id])
      .toBe('instructor')

    const leaving = 'new.learner@example.org'
    await admin.getByRole('button', { name: `Remove ${leaving} from the school` }).click()
    await admin.getByText('The member was removed from the school.').waitFor({ timeout: 15_000 })
    expect(await userByEmail(world.platform, leaving)).not.toBeNull() // the account stays
    expect(rolesOf(await userByEmail(world.platform, leaving))).toEqual({})
    expect(await row(leaving).count()).toBe(0)
  })
})

describe('password reset by mail', () => {
  it('mails a link on the school’s host to a member, nothing to an unknown email, and the link sets the password', async () => {
    const answers: string[] = []
    for (const email of ['learner@northwind.example', 'nobody-at-all@example.org']) {
      const page = await newPage({ javaScriptEnabled: false })
      await page.goto(`${nw}/forgot-password`)
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send the link' }).click()
      const status = page.getByRole('status').filter({ hasText: /\S/ })
      await status.waitFor({ timeout: 15_000 })
      answers.push(((await status.textContent()) ?? '').replace(email, '<email>'))
    }
    expect(answers[0]).toBe(answers[1])
    const message = await waitForMessage(catcher.webUrl, {
      to: 'learner@northwind.example',
      subjectIncludes: 'Reset your Northwind Academy password',
      timeoutMs: 20_000,
    })
    const link = /http:\/\/\S+\/reset-password\?token=[A-Za-z0-9%._-]+/.exec(message.text)?.[0]
    expect(link?.startsWith(`${nw}/reset-password?token=`)).toBe(true)
    const page = await newPage()
    await page.goto(link ?? '')
    await page.getByLabel('New password', { exact: true }).fill('a-fresh-password-42')
    await page.getByLabel('Repeat the new password').fill('a-fresh-password-42')
    await page.getByRole('button', { name: 'Save the password' }).click()
    await page.waitForURL(`${nw}/login?reset=1`, { timeout: 15_000 })
    await signIn(page, nw, 'learner@northwind.example', 'a-fresh-password-42')
    await page.getByRole('link', { name: 'My learning' }).waitFor()
    const caught = await (await fetch(`${catcher.webUrl}/api/email`)).json()
    expect(JSON.stringify(caught)).not.toContain('nobody-at-all@example.org')
  })
})
