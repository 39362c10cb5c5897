import { error, redirect } from '@sveltejs/kit'
import { cms } from '../../../../lib/server/cms.ts'
import { acceptOwnerInvitation, openOwnerInvitation } from '../../../../lib/server/portal/owners.ts'
import type { Actions, PageServerLoad } from './$types'

/**
 * A co-owner invitation from its mailed link: signed-in accounts only (the sign-in page links to
 * the signup); the invited email's account accepts it. A used, expired or unknown link: 404.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
  const open = await openOwnerInvitation(cms, params.token)
  if (!open) error(404, 'This invitation link is not valid any more.')
  return {
    school: { name: open.school.name },
    email: open.invitation.email,
    mine: open.invitation.email === locals.account.email.toLowerCase(),
  }
}

export const actions: Actions = {
  default: async ({ locals, params, url }) => {
    if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`)
    const open = await openOwnerInvitation(cms, params.token)
    if (!open) error(404, 'This invitation link is not valid any more.')
    if (open.invitation.email !== locals.account.email.toLowerCase())
      error(403, 'This invitation is for another address.')
    await acceptOwnerInvitation(cms, locals.account, open)
    redirect(303, `/account/schools/${open.school.id}`)
  },
}
