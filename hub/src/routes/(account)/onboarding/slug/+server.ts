import { isCmsError } from '@lyceum/cms-client'
import { json } from '@sveltejs/kit'
import { m } from '../../../../lib/paraglide/messages.js'
import { slugVerdict } from '../../../../lib/server/accounts/forms.ts'
import { slugAvailable } from '../../../../lib/server/accounts/onboarding.ts'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import type { RequestHandler } from './$types'

/**
 * `GET /onboarding/slug?slug=…`: the live check of the onboarding form, signed-in only.
 * Answers `{ ok: true, slug, address, message }` when the address is valid and free, else
 * `{ ok: false, problem, message }` with `problem` one of the foundation's slug problems or
 * `taken`. Messages are in the visitor's language. 401 when signed out, 503 when the cms is down.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  if (!locals.account) return json({ ok: false, problem: 'unauthorized' }, { status: 401 })
  const verdict = slugVerdict(url.searchParams.get('slug') ?? '', env.LYCEUM_RESERVED_SLUGS)
  const headers = { 'cache-control': 'no-store' }
  if (!verdict.ok) return json({ ok: false, problem: verdict.problem, message: verdict.message }, { headers })
  try {
    if (!(await slugAvailable(cms, verdict.slug))) {
      return json({ ok: false, problem: 'taken', message: m.onboarding_slug_taken() }, { headers })
    }
  } catch (err) {
    if (!isCmsError(err)) throw err
    return json(
      { ok: false, problem: 'unavailable', message: m.account_unavailable() },
      { status: 503, headers },
    )
  }
  const address = `${verdict.slug}.${env.LYCEUM_ROOT_DOMAIN}`
  return json(
    { ok: true, slug: verdict.slug, address, message: m.onboarding_slug_available({ address }) },
    { headers },
  )
}
