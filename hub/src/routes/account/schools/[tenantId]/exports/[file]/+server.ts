import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { error, redirect } from '@sveltejs/kit'
import { cms } from '../../../../../../lib/server/cms.ts'
import { audit } from '../../../../../../lib/server/portal/account.ts'
import { checkExportLink } from '../../../../../../lib/server/portal/exports.ts'
import { exportDir, exportKey } from '../../../../../../lib/server/portal/exports-runtime.ts'
import { findOwnSchool } from '../../../../../../lib/server/schools.ts'
import type { RequestHandler } from './$types'

/**
 * Downloads a data export from the mailed link: a signed-in owner of the school (else the same 404
 * as a missing school), a valid signature (else 404) that has not expired (else 410).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  if (!locals.account) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`)
  const school = await findOwnSchool(cms, locals.account, params.tenantId)
  if (!school || !exportKey) error(404, 'Not found')
  const check = checkExportLink(
    exportKey,
    school.id,
    params.file,
    url.searchParams.get('exp'),
    url.searchParams.get('sig'),
  )
  if (check === 'invalid' || !params.file.startsWith(`${school.slug}-`)) error(404, 'Not found')
  if (check === 'expired') error(410, 'This download link has expired: ask for a new export.')
  const file = path.join(exportDir, params.file)
  const size = await stat(file).then(
    (s) => s.size,
    () => null,
  )
  if (size === null) error(404, 'Not found')
  await audit(cms, locals.account, school.id, 'account.export_downloaded', `tenants:${school.id}`, {
    file: params.file,
  })
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(size),
      'content-disposition': `attachment; filename="${params.file}"`,
      'cache-control': 'private, no-store',
    },
  })
}
