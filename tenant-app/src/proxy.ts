import { type NextRequest, NextResponse } from 'next/server'
import { isTeachPath, teachPathOpens } from './lib/authoring.ts'
import { courseIsVisible } from './lib/catalog.ts'
import { isCmsOutage, type School } from './lib/cms.ts'
import { schoolIfServing } from './lib/health.ts'
import { impersonationGate } from './lib/impersonation-gate.ts'
import { lessonAccess } from './lib/learning.ts'
import { findOpenInvitation } from './lib/members.ts'
import { cachedPage, isOwnRender, pageCacheable, RENDER_HEADER } from './lib/page-cache.ts'
import { parseCourseSlug, parseLessonSlug } from './lib/params.ts'
import { findCertificate, parseCertificateCode, parseQuizId, quizAccess } from './lib/quiz.ts'
import {
  type HandedEnrollment,
  MEMBER_HEADER,
  type Member,
  memberFromToken,
  SESSION_COOKIE,
  sealMember,
} from './lib/session.ts'
import { forgetShared } from './lib/shared-cache.ts'
import { NOT_FOUND_HEADER } from './lib/signals.ts'

/**
 * Sets the HTTP status of pages before they render; the pages render the matching content.
 * Next.js 16 gives a page no other way to answer 503, or 404 with its content in the HTML:
 *
 * - An error thrown while rendering becomes a 500 whose body stays empty until client
 *   JavaScript renders error.tsx. So when the cms is unreachable or refuses the tenant key,
 *   the status is 503 (with `Retry-After`) and the page renders its localized "unavailable"
 *   view, which it does anyway when its own cms reads fail.
 * - `notFound()` called by a page answers 404 with an empty body until JavaScript runs
 *   (vercel/next.js#62228). So for a course the tenant key cannot see (missing, unpublished,
 *   another school's) the status is 404 and the course page, told so by the request header
 *   {@link NOT_FOUND_HEADER}, renders the not-found view itself.
 *
 * The status is passed with `NextResponse.next({ status })` rather than by rewriting to an
 * error route: with `HOSTNAME=127.0.0.1` the standalone server hands the proxy a
 * `http://localhost:…` URL, so rewrites built from `request.url` go out over HTTP again.
 *
 * A successful cms probe is trusted for 5 s (src/lib/health.ts); failures are re-checked on
 * every request. When a check resolved the signed-in member, the page gets it sealed in
 * {@link MEMBER_HEADER} instead of asking the cms again. A form posted to `/teach…` or
 * `/admin…` (authoring, branding, members) clears the instance's cache of published content,
 * so the change shows on the next page (decision 085).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl
  // Next's router answers a malformed escape in a dynamic segment with a bare 500.
  if (safeDecode(pathname) === null) {
    return new NextResponse('Bad request: the address is not valid.', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  // Read-only impersonation: writes refused, an expired view signed out (decision 100).
  const impersonation = await impersonationGate(request)
  if (impersonation) return impersonation
  // Only this proxy may say "404" or who is signed in to the pages: a browser's own headers are dropped.
  const headers = new Headers(request.headers)
  headers.delete(NOT_FOUND_HEADER)
  headers.delete(MEMBER_HEADER)
  if (request.method === 'POST' && (isTeachPath(pathname) || pathname.startsWith('/admin'))) forgetShared()
  const school = await schoolIfServing()
  if (!school) {
    return NextResponse.next({ status: 503, headers: { 'retry-after': '30' }, request: { headers } })
  }
  // The signed-out catalog and course pages: one render for every visitor for 5 s (decision 087).
  const token = request.cookies.get(SESSION_COOKIE)?.value
  const { search } = request.nextUrl
  if (
    !isOwnRender(request) &&
    pageCacheable({ method: request.method, pathname, search, headers: request.headers, hasSession: !!token })
  ) {
    try {
      return await cachedPage(request)
    } catch (error) {
      console.warn(`tenant-app: page cache: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  headers.delete(RENDER_HEADER)
  // The member behind the session cookie, resolved at most once, and only by a check that needs it.
  let resolved: Promise<Member | null> | undefined
  const member = token ? () => (resolved ??= memberFromToken(school, token)) : async () => null
  // The member's enrollment read by the lesson check, handed to the page with the member.
  const handed: { enrollment?: HandedEnrollment } = {}
  const next = async (init?: { status: number }) => {
    if (token && resolved) {
      const known = await resolved.catch(() => undefined)
      if (known !== undefined) {
        headers.set(MEMBER_HEADER, sealMember(known, token, Date.now(), handed.enrollment))
      }
    }
    return NextResponse.next({ ...init, request: { headers } })
  }
  if (pathname === '/signup' && !school.allowSelfSignup) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  if (ADMIN_PAGES.has(pathname) && !(await isAdmin(member))) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  const invitation = INVITATION_PATH.exec(pathname)
  if (invitation && !(await invitationOpen(school, invitation[1] ?? ''))) {
    // The page renders its one "no longer valid" answer; the status says so too.
    return next({ status: 404 })
  }
  if (isTeachPath(pathname) && !(await teachPathOpens(school, token, pathname))) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  const lesson = LESSON_PATH.exec(pathname)
  if (lesson && !(await lessonOpens(school, member, lesson[1] ?? '', lesson[2] ?? '', handed))) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  const quiz = QUIZ_PATH.exec(pathname)
  if (quiz && !(await quizOpens(school, member, quiz[1] ?? '', quiz[2] ?? ''))) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  const certificate = CERTIFICATE_PATH.exec(pathname)
  if (certificate && !(await certificateExists(school, certificate[1] ?? ''))) {
    headers.set(NOT_FOUND_HEADER, '1')
    return next({ status: 404 })
  }
  const course = COURSE_PATH.exec(pathname)
  if (course) {
    const slug = parseCourseSlug(safeDecode(course[1] ?? '') ?? undefined)
    if (!slug || !(await visible(school, slug))) {
      headers.set(NOT_FOUND_HEADER, '1')
      return next({ status: 404 })
    }
  }
  return next()
}

/** The signed-in member, resolved with the cms on first call (null when signed out). */
type MemberOf = () => Promise<Member | null>

/** Pages for the school's admins only (everyone else gets the school's 404). */
const ADMIN_PAGES = new Set(['/admin/members', '/admin/settings'])
const COURSE_PATH = /^\/courses\/([^/]+)$/
const LESSON_PATH = /^\/courses\/([^/]+)\/lessons\/([^/]+)$/
const QUIZ_PATH = /^\/courses\/([^/]+)\/quizzes\/([^/]+)$/
const CERTIFICATE_PATH = /^\/certificates\/([^/]+)$/
const INVITATION_PATH = /^\/invitations\/([^/]+)$/

/** Whether the signed-in member is an admin of this school (for `/admin/members`). */
async function isAdmin(member: MemberOf) {
  try {
    return (await member())?.role === 'admin'
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true // the page renders "unavailable"
  }
}

/** Whether the token is an open invitation of this school (unknown, expired, used: false). */
async function invitationOpen(school: School, token: string) {
  try {
    return (await findOpenInvitation(school, safeDecode(token) ?? '')) !== null
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true
  }
}

/** Whether the signed-in member may take the quiz (enrolled in its published course here). */
async function quizOpens(school: School, member: MemberOf, course: string, quiz: string) {
  const courseSlug = parseCourseSlug(safeDecode(course) ?? undefined)
  const quizId = parseQuizId(safeDecode(quiz) ?? undefined)
  if (!courseSlug || !quizId) return false
  try {
    return (await quizAccess(school, await member(), courseSlug, quizId)) !== null
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true
  }
}

/** Whether THIS school issued a certificate with the code (public: no session needed). */
async function certificateExists(school: School, code: string) {
  const parsed = parseCertificateCode(safeDecode(code) ?? undefined)
  if (!parsed) return false
  try {
    return (await findCertificate(school, parsed)) !== null
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true
  }
}

/**
 * Whether the signed-in member may open the lesson (enrolled in its published course here).
 * Signed out, not enrolled, missing and another school's all answer false: a 404 that says
 * nothing about what exists.
 */
async function lessonOpens(
  school: School,
  member: MemberOf,
  course: string,
  lesson: string,
  handed: { enrollment?: HandedEnrollment },
) {
  const courseSlug = parseCourseSlug(safeDecode(course) ?? undefined)
  const lessonSlug = parseLessonSlug(safeDecode(lesson) ?? undefined)
  if (!courseSlug || !lessonSlug) return false
  try {
    const access = await lessonAccess(school, await member(), courseSlug, lessonSlug)
    if (access) handed.enrollment = { courseId: access.course.id, enrollment: access.enrollment }
    return access !== null
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true // the page decides: it renders the "unavailable" view if the cms still fails
  }
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

async function visible(school: Parameters<typeof courseIsVisible>[0], slug: string): Promise<boolean> {
  try {
    return await courseIsVisible(school, slug)
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return true // the page decides: it renders the "unavailable" view if the cms still fails
  }
}

export const config = {
  // Pages only: not Next's assets, the health check, or media (route handlers set their own status).
  matcher: ['/((?!_next/|healthz|media/|favicon\\.ico).*)'],
}
