import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { CmsError } from '@lyceum/cms-client'
import { getEnv } from '../env.ts'
import { cms, type School } from './cms.ts'

/**
 * Media files reach the browser only through `/media/<filename>` on the school's own origin:
 * the browser never talks to the cms nor sees the tenant key. Media are private to the school in
 * the cms, so visitors get only files the public pages show: the school's logo and the covers of
 * its published courses. The school's signed-in members get its other files too (lesson
 * attachments), as the cms itself lets them read the school's media. Any other file, or another
 * school's, answers 404.
 */

const FILE_TIMEOUT_MS = 15_000

/** A media file the public pages show, with a validator for conditional requests. */
export type PublicMedia = { id: string; etag: string }

/**
 * The file named `filename`, if it is one the public pages show; `null` otherwise. Its ETag is
 * derived from the document (id, last change, size): the cms's file endpoint sends none.
 */
export async function findPublicMedia(school: School, filename: string): Promise<PublicMedia | null> {
  const { docs } = await cms().find('media', {
    where: { and: [{ tenant: { equals: school.id } }, { filename: { equals: filename } }] },
    limit: 1,
    select: { filename: true, updatedAt: true, filesize: true },
  })
  const media = docs[0]
  if (!media || media.filename !== filename) return null
  const etag = `"${media.id}-${Date.parse(media.updatedAt ?? '') || 0}-${media.filesize ?? 0}"`
  if (school.logo?.id === media.id) return { id: media.id, etag }
  const covers = await cms().count('courses', {
    where: {
      and: [
        { tenant: { equals: school.id } },
        { published: { equals: true } },
        { cover: { equals: media.id } },
      ],
    },
  })
  return covers > 0 ? { id: media.id, etag } : null
}

/**
 * Any media file of the school named `filename` (for its signed-in members: attachments), with
 * its ETag and stored name; `null` for a missing file or another school's.
 */
export async function findSchoolMedia(
  school: School,
  filename: string,
): Promise<(PublicMedia & { filename: string }) | null> {
  const { docs } = await cms().find('media', {
    where: { and: [{ tenant: { equals: school.id } }, { filename: { equals: filename } }] },
    limit: 1,
    select: { filename: true, updatedAt: true, filesize: true },
  })
  const media = docs[0]
  if (!media || media.filename !== filename) return null
  const etag = `"${media.id}-${Date.parse(media.updatedAt ?? '') || 0}-${media.filesize ?? 0}"`
  return { id: media.id, etag, filename }
}

/** An answer of the cms file endpoint, body not yet read. */
export type MediaFile = { status: number; headers: Headers; body: ReadableStream<Uint8Array> | null }

/** Response headers relayed from the cms to the browser. */
const RELAYED = ['content-type', 'content-length']

/**
 * `GET /api/media/file/<filename>` on the cms with the tenant key (and `LYCEUM_CMS_HOST` as the
 * Host header when set, which Node's fetch would drop), streaming the body.
 * @throws CmsError `network` or `timeout` when the cms cannot be reached.
 */
export function fetchMediaFile(filename: string): Promise<MediaFile> {
  const env = getEnv()
  // Appended, not resolved: a cms mounted under a path prefix keeps it (as in the cms client).
  const url = new URL(`${env.LYCEUM_CMS_URL}/api/media/file/${encodeURIComponent(filename)}`)
  const headers: Record<string, string> = {
    authorization: `service-keys API-Key ${env.LYCEUM_TENANT_API_KEY}`,
    'user-agent': `lyceum-tenant-app (${env.LYCEUM_TENANT_SLUG})`,
    'accept-encoding': 'identity',
  }
  if (env.LYCEUM_CMS_HOST) headers.host = env.LYCEUM_CMS_HOST
  const request = `GET /api/media/file`
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(url, { method: 'GET', headers, timeout: FILE_TIMEOUT_MS })
    req.on('timeout', () =>
      req.destroy(
        new CmsError({ code: 'timeout', status: 0, request, message: 'The cms did not answer in time.' }),
      ),
    )
    req.on('error', (cause) =>
      reject(
        cause instanceof CmsError ? cause : new CmsError({ code: 'network', status: 0, request, cause }),
      ),
    )
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 502
      const relayed = new Headers()
      for (const name of RELAYED) {
        const value = res.headers[name]
        if (typeof value === 'string') relayed.set(name, value)
      }
      if (status !== 200) {
        res.resume()
        resolve({ status, headers: relayed, body: null })
        return
      }
      resolve({
        status,
        headers: relayed,
        body: Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>,
      })
    })
    req.end()
  })
}
