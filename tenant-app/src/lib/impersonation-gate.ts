import { type NextRequest, NextResponse } from 'next/server'
import { cms } from './cms.ts'
import { EXIT_PATH, impersonationOf, isImpersonationToken, READ_ONLY_MESSAGE } from './impersonation.ts'
import { SESSION_COOKIE } from './session.ts'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c)

/** 303 to the same URL without the session cookie: the browser asks again, signed out. */
function signedOut(request: NextRequest): NextResponse {
  // Absolute (Next's proxy adapter parses Location), made relative again for this same host.
  const again = NextResponse.redirect(request.nextUrl.clone(), 303)
  again.cookies.delete({ name: SESSION_COOKIE, path: '/' })
  return again
}

/**
 * The proxy's impersonation rule (decision 100), before anything else runs:
 * - an expired impersonation session: its end is recorded at the cms (best effort), the cookie
 *   is deleted and the browser asked again (303 to the same URL), now signed out;
 * - any request but GET/HEAD (forms, server actions), except Exit: signed out the same way when
 *   the cms no longer accepts the session (ended from another tab), else 403 with
 *   {@link READ_ONLY_MESSAGE}, as a small HTML page (a form posted without JavaScript shows it).
 * @returns the response to send, or null to go on.
 */
export async function impersonationGate(request: NextRequest): Promise<NextResponse | null> {
  const token = request.cookies.get(SESSION_COOKIE)?.value
  if (!isImpersonationToken(token)) return null
  const view = impersonationOf(token)
  if (!view || view.endsAt.getTime() <= Date.now()) {
    await cms()
      .endImpersonation(token, 'expired')
      .catch((error: unknown) =>
        console.error(`[tenant-app] impersonation end not recorded: ${String(error)}`),
      )
    return signedOut(request)
  }
  const { method, nextUrl } = request
  if (method === 'GET' || method === 'HEAD' || nextUrl.pathname === EXIT_PATH) return null
  const live = await cms()
    .withAuth({ impersonation: token })
    .me()
    .then((user) => user !== null)
    .catch(() => true) // the cms is down: refuse the write all the same
  if (!live) return signedOut(request)
  const message = escapeHtml(READ_ONLY_MESSAGE)
  return new NextResponse(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Read-only</title><main><h1>Read-only view</h1><p role="alert">${message}</p><p><a href="/">Back to the school</a></p></main></html>`,
    { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  )
}
