/**
 * The production build of the hub in sandbox mode against the real cms (seeded), the real mail
 * catcher and the cms's PostgreSQL (the hub's billing worker runs inside it), plus signed-in
 * school admins. Shared by the checkout tests (HTTP and Chromium).
 */
import { randomBytes } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import { type MailCatcher, startMailCatcher } from '@lyceum/mail/catcher'
import { type CmsServer, mintPlatformKey, startCmsServer } from '@lyceum/testing/cms'
import type pg from 'pg'
import type { Page } from 'playwright-core'
import { Visitor } from '../accounts/support.ts'
import { type RunningHub, startHub } from '../support/hub-server.ts'
import { openPool } from './support.ts'

export const PASSWORD = 'violet harbour lantern 42'

export type HubWorld = {
  cms: CmsServer
  platform: CmsClient
  mail: MailCatcher
  hub: RunningHub
  pool: pg.Pool
  close(): Promise<void>
}

/** `extraEnv`: more hub variables (e.g. LYCEUM_EXPORT_DIR). */
export async function startHubWorld(extraEnv: Record<string, string> = {}): Promise<HubWorld> {
  const [cms, mail] = await Promise.all([
    startCmsServer({ seed: true }),
    startMailCatcher({ smtpPort: 0, webPort: 0 }),
  ])
  const anonymous = createCmsClient({ baseUrl: cms.baseUrl, timeoutMs: 30_000 })
  const platformKey = await mintPlatformKey(cms, 'hub checkout tests')
  const hub = await startHub({
    LYCEUM_CMS_URL: cms.baseUrl,
    LYCEUM_PLATFORM_KEY: platformKey,
    LYCEUM_SMTP_URL: mail.smtpUrl,
    LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
    DATABASE_URL: cms.databaseUrl,
    ...extraEnv,
  })
  const pool = openPool(cms.databaseUrl, 4)
  return {
    cms,
    platform: anonymous.withAuth({ apiKey: platformKey }),
    mail,
    hub,
    pool,
    async close() {
      await hub.stop()
      await pool.end()
      await mail.stop()
      await cms.close()
    },
  }
}

/** A new school and its admin account (verified, as accounts the hub did not sign up are). */
export async function schoolWithAdmin(world: HubWorld, prefix: string) {
  const slug = `${prefix}-${randomBytes(3).toString('hex')}`
  const school = await world.platform.create('tenants', {
    name: `School ${slug}`,
    slug,
    status: 'pending',
    locale: 'en',
  })
  const email = `admin-${slug}@example.test`
  await world.platform.create('users', {
    email,
    password: PASSWORD,
    emailVerified: true,
    memberships: [{ tenant: school.id, role: 'admin' }],
  })
  return { school, email }
}

/** Signs `email` in through the hub's login form. */
export async function signedIn(world: HubWorld, email: string): Promise<Visitor> {
  const visitor = new Visitor(world.hub.url)
  const login = await visitor.post('/login', { email, password: PASSWORD })
  if (login.status !== 303) throw new Error(`login answered ${login.status}`)
  return visitor
}

/**
 * In Chromium: opens the checkout of school `schoolId` signed out, follows the redirect to the
 * login, signs `email` in with {@link PASSWORD} and waits until it is back on the checkout.
 */
export async function signInAtCheckout(page: Page, world: HubWorld, schoolId: string, email: string) {
  await page.goto(`${world.hub.url}/checkout/${schoolId}`)
  await page.waitForURL(/\/login\?next=/)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(PASSWORD)
  await page.locator('form button[type="submit"]').last().click()
  await page.waitForURL(`${world.hub.url}/checkout/${schoolId}`)
}
