/**
 * The accounts tests' world: the real cms (production build, demo seed: plans, two schools and
 * their accounts) on a fresh database, a platform key, the real MailDev catcher, and the hub's
 * production build configured with both. Also a tiny HTTP client that keeps cookies, and the
 * helpers that read mail from the catcher.
 */
import { randomBytes } from 'node:crypto'
import { type CmsClient, createCmsClient } from '@lyceum/cms-client'
import {
  type CaughtMessage,
  extractVerificationCode,
  listMessages,
  type MailCatcher,
  startMailCatcher,
  waitForMessage,
} from '@lyceum/mail/catcher'
import { type CmsServer, mintPlatformKey, startCmsServer } from '@lyceum/testing/cms'
import pg from 'pg'
import { type RunningHub, startHub } from '../support/hub-server.ts'

export const SUPER_ADMIN = { email: 'superadmin@lyceum.example', password: 'lyceum-demo-2026' }
/** A seeded, verified account (decision 015: accounts the hub did not sign up are verified). */
export const DEMO_ADMIN = { email: 'admin@northwind.example', password: 'lyceum-demo-2026' }
export const GOOD_PASSWORD = 'violet harbour lantern 42'

export type World = {
  cms: CmsServer
  /** The platform key's client, to look at what the hub stored. */
  platform: CmsClient
  pool: pg.Pool
  mail: MailCatcher
  hub: RunningHub
  close(): Promise<void>
}

export async function startWorld(extraEnv: Record<string, string> = {}): Promise<World> {
  const [cms, mail] = await Promise.all([
    startCmsServer({ seed: true }),
    startMailCatcher({ smtpPort: 0, webPort: 0 }),
  ])
  const anonymous = createCmsClient({ baseUrl: cms.baseUrl, timeoutMs: 30_000 })
  const platformKey = await mintPlatformKey(cms, 'hub accounts tests')
  const hub = await startHub({
    LYCEUM_CMS_URL: cms.baseUrl,
    LYCEUM_PLATFORM_KEY: platformKey,
    LYCEUM_SMTP_URL: mail.smtpUrl,
    LYCEUM_ROOT_DOMAIN: 'lyceum.test',
    // A test domain with no provider keys: the sandbox has to be asked for.
    LYCEUM_BILLING_SANDBOX: 'on',
    LYCEUM_HUB_PUBLIC_URL: 'http://localhost:8080',
    LYCEUM_RESERVED_SLUGS: 'billing',
    ...extraEnv,
  })
  const pool = new pg.Pool({ connectionString: cms.databaseUrl, max: 4 })
  pool.on('error', () => {})
  return {
    cms,
    platform: anonymous.withAuth({ apiKey: platformKey }),
    pool,
    mail,
    hub,
    async close() {
      await hub.stop()
      await pool.end()
      await mail.stop()
      await cms.close()
    },
  }
}

let counter = 0
/** A fresh address nobody used. */
export function newEmail(prefix = 'signup'): string {
  counter++
  return `${prefix}-${counter}-${randomBytes(4).toString('hex')}@example.test`
}

export type HubResponse = {
  status: number
  location: string | null
  /** Raw Set-Cookie headers. */
  setCookies: string[]
  body: string
}

/**
 * A browser stand-in behind the gateway: it sends `X-Forwarded-Proto: http` (as the gateway
 * does), the hub's own Origin on POSTs (as a browser does), and keeps the cookies it is given.
 */
export class Visitor {
  readonly cookies = new Map<string, string>()
  readonly hubUrl: string
  readonly language: string
  constructor(hubUrl: string, language = 'en') {
    this.hubUrl = hubUrl
    this.language = language
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    init: { fields?: Record<string, string>; origin?: string } = {},
  ) {
    const headers: Record<string, string> = {
      'x-forwarded-proto': 'http',
      'accept-language': this.language,
      accept: 'text/html,application/xhtml+xml',
    }
    const cookie = this.cookieHeader()
    if (cookie) headers.cookie = cookie
    let body: string | undefined
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers.origin = init.origin ?? this.hubUrl
      body = new URLSearchParams(init.fields ?? {}).toString()
    }
    const response = await fetch(`${this.hubUrl}${path}`, { method, headers, body, redirect: 'manual' })
    const setCookies = response.headers.getSetCookie()
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookies,
      body: await response.text(),
    } satisfies HubResponse
  }

  get(path: string) {
    return this.request('GET', path)
  }

  post(path: string, fields: Record<string, string>, origin?: string) {
    return this.request('POST', path, { fields, origin })
  }
}

/**
 * A page's HTML without what differs between two renderings of the same page: CSP nonces and
 * SvelteKit's per-response ids. Two answers equal after this are the same answer.
 */
export function normalized(html: string): string {
  return html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/__sveltekit_[a-z0-9]+/g, '__sveltekit_')
}

/** Every message the catcher holds for `to`. */
export async function mailsTo(world: World, to: string): Promise<CaughtMessage[]> {
  return (await listMessages(world.mail.webUrl)).filter((m) => m.to.includes(to.toLowerCase()))
}

/** Waits for the `n`-th message to `to` (1-based) and returns it. */
export async function nthMail(world: World, to: string, n: number): Promise<CaughtMessage> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const all = await mailsTo(world, to)
    const message = all[n - 1]
    if (message) return message
    if (Date.now() > deadline) {
      throw new Error(`mail #${n} to ${to} did not arrive; the catcher holds ${all.length} for it`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The code of the latest verification mail to `to`. */
export async function latestCode(world: World, to: string): Promise<string> {
  const message = await waitForMessage(world.mail.webUrl, {
    to,
    subjectIncludes: 'verification code',
    timeoutMs: 20_000,
  })
  return extractVerificationCode(message.text)
}

/** Signs up `email` through the hub and verifies it with the code from the catcher. */
export async function signUp(world: World, email: string, password = GOOD_PASSWORD): Promise<Visitor> {
  const visitor = new Visitor(world.hub.url)
  const start = await visitor.post('/signup?/signup', { email, password })
  if (start.status !== 200) throw new Error(`signup answered ${start.status}`)
  const code = await latestCode(world, email)
  const verified = await visitor.post('/signup?/verify', { email, code })
  if (verified.status !== 303) throw new Error(`verify answered ${verified.status}`)
  return visitor
}
