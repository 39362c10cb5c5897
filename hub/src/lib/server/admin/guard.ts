/**
 * The super-admin console's one gate. Every `/admin` load (through routes/admin/+layout.server.ts)
 * and every `/admin` form action (each calls it first: actions run without the layout's load)
 * passes here.
 *
 * Who passes: a signed-in account whose cms `users.platformRole` is `super-admin`, read fresh
 * from the cms on each request (never from the cookie). Everyone else — signed out, school
 * admins, instructors, learners — gets `error(404, 'Not Found')`: the hub's ordinary 404 page,
 * the same answer as a URL that does not exist, so the console's existence is not revealed.
 */
import { isCmsError } from '@lyceum/cms-client'
import { error } from '@sveltejs/kit'
import { cms } from '../cms.ts'

/** The super-admin acting: the cms user's id and email. */
export type SuperAdmin = { id: string; email: string }

/**
 * @returns the super-admin behind `locals.account`.
 * @throws HttpError 404 for anyone else; 503 when the cms cannot say (never a 200 on doubt).
 */
export async function requireSuperAdmin(locals: App.Locals): Promise<SuperAdmin> {
  const account = locals.account
  if (!account) error(404, 'Not Found')
  let role: string | null | undefined
  try {
    const user = await cms.findByID('users', account.id, { depth: 0, select: { platformRole: true } })
    role = user?.platformRole
  } catch (cause) {
    if (!isCmsError(cause)) throw cause
    console.error(`[hub] admin guard: the cms did not answer (${cause.code}, ${cause.request})`)
    error(503, 'The console is temporarily unavailable.')
  }
  if (role !== 'super-admin') error(404, 'Not Found')
  return { id: account.id, email: account.email }
}
