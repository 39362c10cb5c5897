import { isCmsError } from '@lyceum/cms-client'
import { type NextRequest, NextResponse } from 'next/server'
import { cms } from '../../lib/cms.ts'
import { SESSION_COOKIE, sessionCookieOptions } from '../../lib/session.ts'

export const dynamic = 'force-dynamic'

/** After the session ends, the cookie stays this long so the proxy can record the end (s). */
const END_GRACE_S = 10 * 60

const page = (status: number, title: string, text: string) =>
  new NextResponse(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title><main><h1>${title}</h1><p role="alert">${text}</p><p><a href="/">Go to the school</a></p></main></html>`,
    { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  )

/**
 * `GET /impersonate?ticket=…` (decision 100): redeems the console's ticket at the cms with this
 * school's key. A ticket for THIS school, unexpired and unused, starts a read-only session: the
 * session cookie (host-only) now holds it, and the viewer lands on the admin's members page.
 * Every other ticket — forged, expired, used, another school's — gets the same 403 page; 503
 * when the cms does not answer.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const ticket = request.nextUrl.searchParams.get('ticket') ?? ''
  let session: Awaited<ReturnType<ReturnType<typeof cms>['redeemImpersonation']>>
  try {
    session = await cms().redeemImpersonation(ticket)
  } catch (error) {
    if (isCmsError(error) && (error.code === 'forbidden' || error.code === 'validation')) {
      return page(
        403,
        'This viewing link is not valid',
        'It expired, was already used, or is for another school. Start again from the console.',
      )
    }
    console.error(`[tenant-app] impersonation: the cms did not answer: ${String(error)}`)
    return page(503, 'Temporarily unavailable', 'The school could not check the link. Try again in a minute.')
  }
  const response = new NextResponse(null, { status: 303, headers: { location: '/admin/members' } })
  const life = (new Date(session.endsAt).getTime() - Date.now()) / 1000
  response.cookies.set(SESSION_COOKIE, session.session, sessionCookieOptions(life + END_GRACE_S))
  return response
}
