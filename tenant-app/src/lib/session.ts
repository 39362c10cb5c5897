import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { CmsClient, User } from '@lyceum/cms-client'
import { idOf, isCmsError } from '@lyceum/cms-client'
import { MEMBER_ROLES, type MemberRole } from '@lyceum/domain'
import { cookies, headers } from 'next/headers'
import { cache } from 'react'
import { getEnv } from '../env.ts'
import { cms, getTenant, isCmsOutage, type School } from './cms.ts'
import { cmsAuthOf } from './impersonation.ts'
import type { EnrollmentRef } from './learning.ts'

/**
 * The signed-in member. Sign-in happens on the school's own host: the tenant-app exchanges the
 * email and password for the cms's JWT (`POST /api/users/login`) and keeps it in a host-only
 * cookie (no Domain attribute, so no other school's subdomain ever receives it), HttpOnly,
 * SameSite=Lax, Secure except on localhost. Every request re-checks the token with the cms
 * (`GET /api/users/me`) and that the person is a member of THIS school: a token of someone who
 * belongs only to another school signs no one in here.
 */

/** Name of the session cookie (host-only). */
export const SESSION_COOKIE = 'lyceum_session'

/** A member of this school, signed in on this request. */
export type Member = {
  id: string
  email: string
  name: string
  role: MemberRole
  /** The cms JWT: calls made as this member use it (`cms().withAuth({ token })`). */
  token: string
}

/** Whether the public URL is a loopback name, where browsers refuse Secure cookies over http. */
export function isLocalhostUrl(publicUrl: string): boolean {
  const { hostname } = new URL(publicUrl)
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]'
  )
}

/** Attributes of the session cookie; `maxAge` in seconds (the token's remaining life). */
export function sessionCookieOptions(maxAge: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !isLocalhostUrl(getEnv().LYCEUM_PUBLIC_URL),
    path: '/',
    maxAge: Math.max(0, Math.floor(maxAge)),
  }
}

type MembershipRow = { tenant?: unknown; role?: unknown }

/** The person's role in `school`, or null when they are not its member. */
export function roleIn(user: Pick<User, 'memberships'>, schoolId: string): MemberRole | null {
  const rows = (user.memberships ?? []) as MembershipRow[]
  for (const row of rows) {
    if (idOf(row.tenant) !== schoolId) continue
    const role = MEMBER_ROLES.find((r) => r === row.role)
    if (role) return role
  }
  return null
}

/** The member's cms client: their own session, never the tenant key. */
export function memberCms(member: Pick<Member, 'token'>): CmsClient {
  return cms().withAuth(cmsAuthOf(member.token))
}

/** Resolves a token to a member of `school`, or null (expired, logged out, not a member here). */
export async function memberFromToken(school: School, token: string): Promise<Member | null> {
  let user: User | null
  try {
    // A read-only impersonation session (decision 100) is sent as such; the cms checks it.
    user = await cms().withAuth(cmsAuthOf(token)).me()
  } catch (error) {
    // A token the cms rejects outright is no session; an outage is rethrown for the page.
    if (isCmsError(error) && (error.code === 'unauthorized' || error.code === 'forbidden')) return null
    throw error
  }
  if (!user) return null
  const role = roleIn(user, school.id)
  if (!role) return null
  return { id: user.id, email: user.email, name: user.name ?? '', role, token }
}

/**
 * Request header through which src/proxy.ts hands the member it already resolved for this
 * request's session cookie to the page ({@link sealMember}), saving the page a second
 * `users/me`. The proxy strips it from what browsers send; it is sealed with a key that never
 * leaves the process, and bound to the cookie's token, so a forged or replayed one is ignored.
 */
export const MEMBER_HEADER = 'x-lyceum-member'

/** How long a sealed member is accepted after the proxy sealed it, ms (one request's life). */
const SEAL_MAX_AGE_MS = 60_000

const SEAL_KEY = Symbol.for('lyceum.tenant-app.member-seal')

/** The process's sealing key: random, made once, shared by the proxy's and the pages' bundles. */
function sealKey(): Buffer {
  const holder = globalThis as typeof globalThis & { [SEAL_KEY]?: Buffer }
  holder[SEAL_KEY] ??= randomBytes(32)
  return holder[SEAL_KEY]
}

const tokenDigest = (token: string) => createHash('sha256').update(token).digest('base64url')
const mac = (payload: string) => createHmac('sha256', sealKey()).update(payload).digest()

/** The member's enrollment in a course, as the proxy read it for a lesson it let through. */
export type HandedEnrollment = { courseId: string; enrollment: EnrollmentRef }

type Sealed = { t: string; at: number; m: Omit<Member, 'token'> | null; e?: HandedEnrollment }

/**
 * `member` (or "nobody": the token signs no one in here) for {@link MEMBER_HEADER}, with the
 * member's enrollment the proxy read for the lesson, if any.
 */
export function sealMember(
  member: Member | null,
  token: string,
  now: number = Date.now(),
  enrollment?: HandedEnrollment,
): string {
  const sealed: Sealed = {
    t: tokenDigest(token),
    at: now,
    m: member && { id: member.id, email: member.email, name: member.name, role: member.role },
    ...(enrollment && member ? { e: enrollment } : {}),
  }
  const payload = Buffer.from(JSON.stringify(sealed)).toString('base64url')
  return `${payload}.${mac(payload).toString('base64url')}`
}

/**
 * The member sealed by {@link sealMember} for this `token`, or `undefined` when `value` is
 * missing, forged, older than a minute or sealed for another token.
 */
export function unsealMember(
  value: string | null | undefined,
  token: string,
  now: number = Date.now(),
): { member: Member | null; enrollment?: HandedEnrollment } | undefined {
  const [payload, signature, extra] = (value ?? '').split('.')
  if (!payload || !signature || extra !== undefined) return undefined
  const expected = mac(payload)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  const sealed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Sealed
  if (sealed.t !== tokenDigest(token) || !(now - sealed.at >= 0 && now - sealed.at <= SEAL_MAX_AGE_MS)) {
    return undefined
  }
  return { member: sealed.m && { ...sealed.m, token }, ...(sealed.e ? { enrollment: sealed.e } : {}) }
}

/**
 * The member signed in on this request, or null. Read once per request (React `cache`): the one
 * the proxy resolved when it did ({@link MEMBER_HEADER}), else from the cms.
 * @throws CmsError or TenantAccessError when the cms is down (pages render "unavailable").
 */
export const getMember = cache(async (): Promise<Member | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value
  if (!token) return null
  const handed = unsealMember((await headers()).get(MEMBER_HEADER), token)
  if (handed) return handed.member
  return memberFromToken(await getTenant(), token)
})

/**
 * The member's enrollment in `courseId` that the proxy read for this request's lesson
 * ({@link MEMBER_HEADER}), or undefined (none handed over: ask the cms). Per request.
 */
export const handedEnrollment = cache(async (courseId: string): Promise<EnrollmentRef | undefined> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value
  if (!token) return undefined
  const handed = unsealMember((await headers()).get(MEMBER_HEADER), token)?.enrollment
  return handed?.courseId === courseId ? handed.enrollment : undefined
})

/**
 * A `?next=` target after signing in: a path on this site only (`/…`, not `//…` or `/\…`,
 * no control characters, at most 500 characters); anything else is `/my-learning`.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/my-learning'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
  if (!value.startsWith('/') || /^\/[/\\]/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) {
    return '/my-learning'
  }
  return value
}

/** {@link getMember}, but null while the cms is down (for the page chrome, which must render). */
export async function memberIfAvailable(): Promise<Member | null> {
  try {
    return await getMember()
  } catch (error) {
    if (isCmsOutage(error)) return null
    throw error
  }
}
