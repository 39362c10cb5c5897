import { type NextRequest, NextResponse } from 'next/server'
import { cms } from '../../../lib/cms.ts'
import { isImpersonationToken } from '../../../lib/impersonation.ts'
import { SESSION_COOKIE } from '../../../lib/session.ts'

export const dynamic = 'force-dynamic'

/**
 * `POST /impersonate/exit`, the banner's Exit (a plain form): records the end at the cms
 * (`admin.impersonation.end`), deletes the session cookie and goes to the home page, signed out.
 * A member's own session is left alone.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const response = new NextResponse(null, { status: 303, headers: { location: '/' } })
  const token = request.cookies.get(SESSION_COOKIE)?.value
  if (!isImpersonationToken(token)) return response
  try {
    await cms().endImpersonation(token, 'exit')
  } catch (error) {
    // The view ends anyway; the cms's own expiry closes the session at its end time.
    console.error(`[tenant-app] impersonation end not recorded: ${String(error)}`)
  }
  response.cookies.delete({ name: SESSION_COOKIE, path: '/' })
  return response
}
